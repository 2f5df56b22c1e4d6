"""Calendar feeds (RFC 5545): the deadlines and milestones of the tasks a user sees, by secret URL."""
import datetime as dt
import hashlib
import secrets

import icalendar
from django.db import transaction

from duban.core import clock
from duban.org.models import User
from duban.supervision.models import CalendarToken
from duban.tasks.access import tasks_visible_to
from duban.tasks.models import OPEN_STATES, Milestone


def _digest(token: str) -> str:
    # Only the digest is stored: someone reading the database cannot subscribe to anyone's calendar.
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_token_for(user: User) -> str | None:
    """The user's new feed secret when they had none; None when one exists (it is shown only once)."""
    if CalendarToken.objects.filter(user=user).exists():
        return None
    return calendar_token_regenerate(user=user)


@transaction.atomic
def calendar_token_regenerate(*, user: User) -> str:
    """A new secret; the old URL stops working at once."""
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(user=user, defaults={"token": _digest(token), "created_at": clock.now()})
    return token


def user_by_calendar_token(token: str) -> User | None:
    row = CalendarToken.objects.select_related("user").filter(token=_digest(token)).first()
    return row.user if row and row.user.is_active else None


def _event(uid: str, day: dt.date, summary: str, description: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", clock.now())
    event.add("dtstart", day)  # a date: an all-day event on the deadline's own day
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    return event


def calendar_feed(user: User) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//duban//督办//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"督办事项 · {user}")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    visible = tasks_visible_to(user).filter(state__in=OPEN_STATES)
    for task in visible.select_related("lead_unit").exclude(deadline=None).order_by("deadline", "pk").iterator():
        cal.add_component(_event(f"task-{task.pk}-deadline@duban", task.deadline, f"【完成时限】{task.title}",
                                 f"牵头单位：{task.lead_unit.name}"))
    milestones = Milestone.objects.filter(task__in=visible, done_on__isnull=True).select_related("task")
    for m in milestones.order_by("due_on", "pk").iterator():
        cal.add_component(_event(f"milestone-{m.pk}@duban", m.due_on, f"【节点】{m.name} · {m.task.title}",
                                 f"事项：{m.task.title}"))
    return cal.to_ical()
