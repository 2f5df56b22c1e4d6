from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "duban.ledger"
    label = "ledger"

    def ready(self):
        from duban.core.uploads import register_uploads
        from duban.ledger.jobs import UPLOADS, uploads_held

        register_uploads(UPLOADS, uploads_held)
