from django.urls import include, path

from duban.api.api import api

urlpatterns = [
    path("api/", api.urls),
    path("ledger/", include("duban.ledger.urls")),
    path("supervision/", include("duban.supervision.urls")),
    path("intake/", include("duban.intake.urls")),
    path("analytics/", include("duban.analytics.urls")),
    path("", include("duban.web.urls")),
]
