from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "duban.analytics"
    label = "analytics"
    verbose_name = "审计数据分析"

    def ready(self):
        from duban.analytics.background import UPLOADS, uploads_held
        from duban.core.uploads import register_uploads

        register_uploads(UPLOADS, uploads_held)
