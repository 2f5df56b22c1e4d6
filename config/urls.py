from django.conf import settings
from django.urls import include, path

from duban.api.api import api

urlpatterns = [
    path("api/", api.urls),
    path("ledger/", include("duban.ledger.urls")),
    path("supervision/", include("duban.supervision.urls")),
    path("intake/", include("duban.intake.urls")),
    path("ratings/", include("duban.ratings.urls")),
    path("cases/", include("duban.cases.urls")),
    path("decisions/", include("duban.decisions.urls")),
    path("audit/", include("duban.audit.urls")),
    path("inspection/", include("duban.inspection.urls")),
    path("", include("duban.orgchart.urls")),
    path("analytics/", include("duban.analytics.urls")),
    path("", include("duban.web.urls")),
]

if getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", ""):  # single sign-on through OpenID Connect
    urlpatterns.insert(0, path("", include("duban.sso.urls")))
