from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "duban.analytics"
    label = "analytics"
    verbose_name = "审计数据分析"
