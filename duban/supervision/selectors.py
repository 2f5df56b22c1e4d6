"""Reads for the pages: a user's in-app notices, only about tasks they can still see."""
from django.db.models import Q, QuerySet

from duban.core import clock
from duban.org.models import User
from duban.supervision.models import InAppNotice, Notice
from duban.tasks.access import tasks_visible_to


def notices_for(user: User, *, unread_only: bool = False) -> QuerySet[InAppNotice]:
    """A user's notices, newest first; one about a task now out of their reach is not shown."""
    if not user.is_authenticated:
        return InAppNotice.objects.none()
    qs = InAppNotice.objects.filter(user=user).filter(
        Q(task__isnull=True) | Q(task__in=tasks_visible_to(user).values("pk")))
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.select_related("task")


def notices_mark_read(*, user: User) -> int:
    return InAppNotice.objects.filter(user=user, read_at__isnull=True).update(read_at=clock.now())


def supervision_notices_for(user: User) -> QuerySet[Notice]:
    """The 督办单 issued on tasks a user sees, newest first."""
    if not user.is_authenticated:
        return Notice.objects.none()
    return (Notice.objects.filter(task__in=tasks_visible_to(user).values("pk"))
            .select_related("task__lead_unit").order_by("-issued_on", "-seq"))
