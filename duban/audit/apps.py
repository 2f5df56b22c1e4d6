from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "duban.audit"
    label = "audit"
    verbose_name = "审计整改"

    def ready(self):
        from duban.audit.rules import closure_problems
        from duban.tasks.services.closure_checks import register_closure_check

        register_closure_check(closure_problems)
