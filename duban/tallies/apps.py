from django.apps import AppConfig


class TalliesConfig(AppConfig):
    name = "duban.tallies"
    label = "tallies"
    verbose_name = "每日灯色计数"
