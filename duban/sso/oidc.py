"""OpenID Connect sign-in (mozilla-django-oidc): people matched to existing users by a claim, or,
when an admin allows it (DUBAN_OIDC_CREATE_USERS=1), created in the unit a claim names."""
from urllib.parse import urlencode

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from duban.org.models import User
from duban.sso.directory import sso_user_create


class DubanOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        value = claims.get(settings.DUBAN_OIDC_MATCH_CLAIM)
        if not value:
            return User.objects.none()
        return User.objects.filter(**{settings.DUBAN_OIDC_MATCH_FIELD: value, "is_active": True})

    def create_user(self, claims):
        return sso_user_create(
            username=str(claims.get(settings.DUBAN_OIDC_MATCH_CLAIM, ""))[:150],
            unit_name=claims.get(settings.DUBAN_OIDC_UNIT_CLAIM), role=settings.DUBAN_OIDC_ROLE,
            display_name=str(claims.get("name", ""))[:60], email=str(claims.get("email", ""))[:254], source="oidc")

    def update_user(self, user, claims):
        return user  # the directory of record for names and roles is duban's own settings


def provider_logout_url(request) -> str:
    """Sign-out at the provider too, coming back to duban's front page."""
    query = {"post_logout_redirect_uri": request.build_absolute_uri("/"), "client_id": settings.OIDC_RP_CLIENT_ID}
    id_token = request.session.get("oidc_id_token")
    if id_token:
        query["id_token_hint"] = id_token
    return f"{settings.DUBAN_OIDC_END_SESSION_ENDPOINT}?{urlencode(query)}"
