from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "duban.web"
    label = "web"
