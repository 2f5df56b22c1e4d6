from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    name = "duban.preferences"
    label = "preferences"
