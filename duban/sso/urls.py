"""Routes that exist only when OpenID Connect is configured: the code flow, and a sign-out that
also ends the session at the provider (replacing the local one at the same address)."""
from django.urls import include, path
from mozilla_django_oidc.views import OIDCLogoutView

urlpatterns = [
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("logout/", OIDCLogoutView.as_view(), name="oidc_logout"),
]
