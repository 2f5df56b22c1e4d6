"""The API's collections beyond the loop, each in its own router module."""
from duban.api import i18n, routes_figures, routes_org, routes_programmes, routes_tasks


def register(api) -> None:
    i18n.install(api)
    for module in (routes_org, routes_programmes, routes_tasks, routes_figures):
        api.add_router("", module.router)
