import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A bearer token for scripts; only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A token runs out (settings.DUBAN_API_TOKEN_DAYS) and is revoked with a password reset or the
    # account's deactivation, so a leaked one does not serve forever.
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "", days: int | None = None) -> str:
        from duban.core import clock

        days = days or settings.DUBAN_API_TOKEN_DAYS
        key = "dbn_" + secrets.token_urlsafe(32)
        cls.objects.create(user=user, name=name, key_hash=cls.digest(key),
                           expires_at=clock.now() + dt.timedelta(days=days))
        return key

    @classmethod
    def user_for(cls, key: str):
        """The active user a live token belongs to, or None (unknown, expired, revoked, stopped)."""
        from duban.core import clock

        found = (cls.objects.select_related("user").filter(key_hash=cls.digest(key), revoked_at__isnull=True)
                 .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=clock.now())).first())
        return found.user if found and found.user.is_active else None
