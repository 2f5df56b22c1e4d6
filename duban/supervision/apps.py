from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "duban.supervision"
    label = "supervision"

    def ready(self) -> None:
        from duban.supervision.human import notify_event
        from duban.tasks.services.common import EVENT_LISTENERS

        if notify_event not in EVENT_LISTENERS:
            EVENT_LISTENERS.append(notify_event)
        from duban.org.signals import revoke_credentials

        revoke_credentials.connect(_revoke_calendar, dispatch_uid="duban.supervision.revoke_calendar")


def _revoke_calendar(sender, user, **kwargs) -> int:
    from duban.supervision.models import CalendarToken

    return CalendarToken.objects.filter(user=user).delete()[0]
