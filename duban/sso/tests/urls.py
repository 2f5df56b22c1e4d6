"""The project's routes with OpenID Connect's switched on, as config/urls.py adds them when configured."""
from django.urls import include, path

from config.urls import urlpatterns as project

urlpatterns = [path("", include("duban.sso.urls")), *project]
