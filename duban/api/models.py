import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models

from duban.core.prepared import OneValueQuery, field_names


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
        """The active user a live token belongs to, or None (unknown, expired, revoked, stopped).
        Every API call asks: the statement is built once per process (core.prepared)."""
        from django.contrib.auth import get_user_model
        from django.db import router

        from duban.core import clock

        model = get_user_model()
        for *values, expires_at in _USER_OF_TOKEN.rows(cls.digest(key)):  # key_hash is unique: one at most
            user = model.from_db(router.db_for_read(model), field_names(model), values)
            return user if user.is_active and (expires_at is None or expires_at > clock.now()) else None
        return None


_USER_OF_TOKEN = OneValueQuery(
    lambda digest: ApiToken.objects.filter(key_hash=digest, revoked_at__isnull=True).values_list(
        *(f"user__{name}" for name in field_names(ApiToken.user.field.related_model)), "expires_at"),
    stand_in="stand-in: no token's digest")
