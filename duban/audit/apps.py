from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "duban.audit"
    label = "audit"
    verbose_name = "审计整改"

