from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "duban.intake"
    label = "intake"
