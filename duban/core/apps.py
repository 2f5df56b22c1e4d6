from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "duban.core"
    label = "core"
    verbose_name = "核心"

    def ready(self):
        from duban.core import prepared  # noqa: F401  (registers the `__among` lookup for every app)
