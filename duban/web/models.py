from django.db import models


class LoginFailure(models.Model):
    """Failed sign-ins counted per username and address, so guessing a password gets locked out."""

    username = models.CharField(max_length=150)
    ip = models.CharField(max_length=45)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["username", "ip"], name="login_failure_unique")]
