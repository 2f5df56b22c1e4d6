"""Reading and changing a person's notification channels."""
from django.db import transaction

from duban.core.eventlog import append_event
from duban.org.models import User
from duban.preferences.models import NotificationPreference

CHANNELS = ("inapp", "email")


def channels_of(user_ids) -> dict[int, set[str]]:
    """The channels each user receives, for many users in one query (defaults for those without a row)."""
    chosen = {p.user_id: {c for c in CHANNELS if getattr(p, c)}
              for p in NotificationPreference.objects.filter(user_id__in=list(user_ids))}
    return {pk: chosen.get(pk, set(CHANNELS)) for pk in user_ids}


@transaction.atomic
def preference_set(*, actor: User, channels) -> set[str]:
    """A person changes only their own choice; unknown channel names are ignored."""
    wanted = {c for c in channels if c in CHANNELS}
    NotificationPreference.objects.update_or_create(user=actor, defaults={c: c in wanted for c in CHANNELS})
    append_event(actor=actor.username, action="user.notifications_set", payload={"channels": sorted(wanted)})
    return wanted
