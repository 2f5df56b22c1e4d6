"""Optimistic locking for clients that edit a task they read a while ago (the API).

A task's version is the id of its last event: every change to a task writes one, so a client
holding an older number has not seen some change, and its edit is refused instead of overwriting it.
"""
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from duban.core.errors import DomainError
from duban.core.models import Event
from duban.org.models import User
from duban.tasks.models import Task


class StaleVersion(DomainError):
    """The task changed since the client read it; nothing was written."""


def task_version(task_id: int) -> int:
    return Event.objects.filter(task_id=task_id).aggregate(v=Max("id"))["v"] or 0


@transaction.atomic
def task_update_versioned(*, actor: User, task_id: int, version: int, **values) -> Task:
    from duban.tasks.access import access_task
    from duban.tasks.services.updates import task_update

    task, _ = access_task(actor, task_id)
    Task.objects.select_for_update().filter(pk=task.pk).first()  # a second writer waits here, then sees our event
    current = task_version(task.pk)
    if version != current:
        raise StaleVersion(gettext("事项 %(id)s 已被他人修改（您的版本 %(yours)s，当前版本 %(current)s）；请重新读取后再改") % {"id": task.pk, "yours": version, "current": current})
    return task_update(actor=actor, task_id=task.pk, **values)
