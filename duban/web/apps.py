from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "duban.web"
    label = "web"

    def ready(self):
        from duban.org.signals import lift_sign_in_locks

        lift_sign_in_locks.connect(_clear_lockouts, dispatch_uid="duban.web.clear_lockouts")


def _clear_lockouts(sender, username: str, **kwargs) -> int:
    """A password reset or an admin's unlock lifts the sign-in locks on that user."""
    from duban.web.signin import lift_locks

    return lift_locks(username)
