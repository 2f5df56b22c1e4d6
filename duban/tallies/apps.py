from django.apps import AppConfig


class TalliesConfig(AppConfig):
    name = "duban.tallies"
    label = "tallies"
    verbose_name = "每日灯色计数"

    def ready(self):
        from duban.core.eventlog import register_derived
        from duban.tallies.live import keep_live_counts

        register_derived(keep_live_counts)  # after the tasks app's next node, which it reads
