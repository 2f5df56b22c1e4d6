from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "duban.ratings"
    label = "ratings"
    verbose_name = "满意度测评"
