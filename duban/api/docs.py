"""/api/docs: Swagger UI from our own static files (npm's swagger-ui-dist, copied by `make assets`),
never from a CDN, and started by a script file so the Content-Security-Policy needs no inline script."""

from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed


class LocalSwagger(Swagger):
    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/swagger.html", {
            "api": api, "swagger_settings": settings, "add_csrf": _csrf_needed(api)})
