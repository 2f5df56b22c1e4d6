from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "duban.supervision"
    label = "supervision"

    def ready(self) -> None:
        from duban.supervision.human import notify_event
        from duban.tasks.services.common import EVENT_LISTENERS

        if notify_event not in EVENT_LISTENERS:
            EVENT_LISTENERS.append(notify_event)
