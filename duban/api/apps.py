from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "duban.api"
    label = "api"

    def ready(self) -> None:
        from duban.org.signals import revoke_credentials

        revoke_credentials.connect(_revoke_tokens, dispatch_uid="duban.api.revoke_tokens")


def _revoke_tokens(sender, user, **kwargs) -> int:
    from duban.api.models import ApiToken
    from duban.core import clock

    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=clock.now())
