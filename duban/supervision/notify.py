"""Who hears about a ladder step, and the outbox rows that say it (written in the step's transaction)."""
import datetime as dt
from collections import defaultdict

from duban.core import clock
from duban.org.models import Membership, Role, User
from duban.supervision.models import Channel, OutboxMessage, Rung, Webhook, WebhookKind

# Rungs that speak to the co-operating units too; a reminder goes to the lead unit only.
TO_CO_UNITS = {Rung.URGE, Rung.NOTICE, Rung.PACE}
TO_LEADER = {Rung.ESCALATION}
TO_SUPERVISORS = {Rung.RECHECK, Rung.ESCALATION}


class Directory:
    """Members and webhooks of the units one chunk of the sweep touches, loaded in a few queries."""

    def __init__(self, tasks):
        unit_ids = {t.lead_unit_id for t in tasks} | {u.pk for t in tasks for u in t.co_units.all()}
        self.liaisons: dict[int, list[User]] = defaultdict(list)
        self.supervisors: list[tuple[str, User]] = []
        for m in Membership.objects.filter(unit_id__in=unit_ids, role=Role.LIAISON).select_related("user"):
            self.liaisons[m.unit_id].append(m.user)
        for m in Membership.objects.filter(role=Role.SUPERVISOR).select_related("user", "unit"):
            self.supervisors.append((m.unit.path, m.user))
        programme_ids = {t.programme_id for t in tasks}
        self.hooks_by_unit: dict[int, list[Webhook]] = defaultdict(list)
        self.hooks_by_programme: dict[int, list[Webhook]] = defaultdict(list)
        for hook in Webhook.objects.filter(active=True, unit_id__in=unit_ids):
            self.hooks_by_unit[hook.unit_id].append(hook)
        for hook in Webhook.objects.filter(active=True, programme_id__in=programme_ids):
            self.hooks_by_programme[hook.programme_id].append(hook)

    def people(self, task, rung: str) -> list[User]:
        return self.audience(task, lead=rung not in TO_LEADER, co=rung in TO_CO_UNITS,
                             leader=rung in TO_LEADER, supervisors=rung in TO_SUPERVISORS)

    def audience(self, task, *, lead=False, co=False, leader=False, supervisors=False) -> list[User]:
        """Active people of the named groups, each once: the lead unit's and co-operating units'
        liaisons, the responsible leader, the supervisors nearest the task's unit."""
        people = list(self.liaisons[task.lead_unit_id]) if lead else []
        if co:
            for unit in task.co_units.all():
                people += self.liaisons[unit.pk]
        if leader and task.responsible_leader is not None:
            people.append(task.responsible_leader)
        if supervisors:
            # The supervisors nearest the task's unit: the deepest jurisdiction that covers it.
            covering = [(p, u) for p, u in self.supervisors if task.lead_unit.path.startswith(p)]
            deepest = max((len(p) for p, _ in covering), default=0)
            people += [u for p, u in covering if len(p) == deepest]
        unique = {u.pk: u for u in people if u.is_active}
        return list(unique.values())

    def hooks(self, task) -> list[Webhook]:
        return self.hooks_by_unit[task.lead_unit_id] + self.hooks_by_programme[task.programme_id]

    def channels(self, users) -> dict[int, set[str]]:
        """Each person's chosen channels (in-app, mail), read once per person per directory."""
        from duban.preferences.services import channels_of

        if not hasattr(self, "_channels"):
            self._channels: dict[int, set[str]] = {}
        missing = [u.pk for u in users if u.pk not in self._channels]
        if missing:
            self._channels.update(channels_of(missing))
        return self._channels


def messages_for(*, cause: str, task, rung: str, title: str, text: str, directory: Directory,
                 people=None, robots: bool = True):
    """Unsaved outbox rows; `cause` makes each row's key unique, so a re-run adds none. `people`
    replaces the rung's audience; `robots` says whether the unit's and programme's groups hear it."""
    now = clock.now()
    rows = []

    def add(channel: str, recipient: str) -> None:
        rows.append(OutboxMessage(key=f"{cause}:{channel}:{recipient}"[:200], channel=channel,
                                  recipient=recipient, title=title, text=text, task=task,
                                  next_attempt_at=now, created_at=now))

    people = directory.people(task, rung) if people is None else people
    chosen = directory.channels(people)
    for user in people:
        if "inapp" in chosen[user.pk]:
            add(Channel.INAPP, str(user.pk))
        if user.email and "email" in chosen[user.pk]:
            add(Channel.EMAIL, user.email)
    for hook in directory.hooks(task) if robots else []:
        add(Channel.DINGTALK if hook.kind == WebhookKind.DINGTALK else Channel.WECOM, str(hook.pk))
    return rows


def md(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
