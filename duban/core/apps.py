from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "duban.core"
    label = "core"
    verbose_name = "核心"
