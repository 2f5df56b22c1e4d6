from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "duban.cases"
    label = "cases"
    verbose_name = "案例库"
