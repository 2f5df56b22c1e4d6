"""What the org chart adds to a person: a phone number, and the invitation to set a password."""
import hashlib

from django.conf import settings
from django.db import models


class Contact(models.Model):
    """The phone an office's roster (花名册) keeps; mail notices use the user's e-mail field."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact")
    phone = models.CharField(max_length=30, blank=True)


class Invitation(models.Model):
    """A one-time link to set a first password; only the secret's hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
