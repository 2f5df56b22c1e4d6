"""Many tasks created at once (a ledger import): the rules of `task_create`, row by row, then one
bulk insert per table and one chained run of `task.created` events instead of a dozen queries a task.

Checking and writing are separate steps so a caller that checks first (the ledger import's dry run)
writes what it checked without checking it again."""
from django.db import transaction
from django.utils.translation import gettext

from duban.core.bulkinsert import insert_rows, reserve_ids
from duban.core.errors import DomainError
from duban.core.eventlog import append_events
from duban.org.models import User
from duban.tasks.models import CoUnit, Milestone, Target, Task, assign_districts
from duban.tasks.services.creation import (
    Lookups,
    NewTask,
    check_new_task,
    created_event,
    default_code,
    mark_created,
)

CODE_QUERY = 500  # codes per IN (...) query, well under every database's parameter limit


class RowsRefused(DomainError):
    """Some rows broke a rule; nothing was written. `problems` lists (index in rows, message)."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__("；".join(gettext("第%(n)s项: %(message)s") % {"n": index + 1, "message": message} for index, message in problems))
        self.problems = problems


@transaction.atomic
def tasks_create_bulk(*, actor: User, rows: list[dict], lookups: Lookups | None = None) -> list[Task]:
    """Create one task per row (each row as `task_create`'s keyword arguments), all or none."""
    checked = tasks_check_bulk(actor=actor, rows=rows, lookups=lookups or Lookups(actor))
    return tasks_write_bulk(actor=actor, checked=checked)


def tasks_check_bulk(*, actor: User, rows: list[dict], lookups: Lookups) -> list[NewTask]:
    """Every row through `task_create`'s rules, nothing written; raises RowsRefused naming each bad row.

    Codes already in use are loaded once for the whole list; a code given twice is refused the second time."""
    taken = codes_in_use([row.get("code") for row in rows])
    checked, problems = [], []
    for index, fields in enumerate(rows):
        try:
            new = check_new_task(actor, lookups, taken.__contains__, **fields)
        except DomainError as exc:
            problems.append((index, exc.message))
            continue
        taken.add(new.task.code)
        checked.append(new)
    if problems:
        raise RowsRefused(problems)
    return checked


def codes_in_use(codes: list[str | None]) -> set[str | None]:
    codes = sorted({code for code in codes if code})
    taken: set[str | None] = set()
    for start in range(0, len(codes), CODE_QUERY):
        taken.update(Task.objects.filter(code__in=codes[start:start + CODE_QUERY]).values_list("code", flat=True))
    return taken


@transaction.atomic
def tasks_write_bulk(*, actor: User, checked: list[NewTask]) -> list[Task]:
    """Write tasks that passed `tasks_check_bulk`, with their events, all or none.

    A code someone else took since the check refuses the whole write (RowsRefused, by index)."""
    given = [new.task.code for new in checked]
    taken = codes_in_use(given)
    if taken:
        raise RowsRefused([(i, gettext("编号「%(code)s」已被使用") % {"code": code})
                           for i, code in enumerate(given) if code in taken])
    tasks = [new.task for new in checked]
    for task, pk in zip(tasks, reserve_ids(Task, len(tasks)), strict=True):
        task.pk = pk
        if not task.code:
            # Numbered by its id, known before the insert: no second statement to set it.
            task.code = default_code(task)
            if task.code in given:
                # task_create would have refused the row that took this code, had it come later.
                raise DomainError(gettext("编号「%(code)s」已被使用") % {"code": task.code}, field="code")
    clash = codes_in_use([task.code for task, code in zip(tasks, given, strict=True) if not code])
    if clash:
        raise DomainError(gettext("编号「%(code)s」已被使用") % {"code": min(clash)}, field="code")
    assign_districts(tasks)
    insert_rows(Task, tasks)
    insert_rows(CoUnit, [CoUnit(task_id=new.task.pk, unit_id=unit.pk, district_id=new.task.district_id)
                         for new in checked for unit in dict.fromkeys(new.co)])
    for new in checked:
        for item in (*new.milestones, *new.targets):
            item.task = new.task
    insert_rows(Milestone, [m for new in checked for m in new.milestones])
    insert_rows(Target, [t for new in checked for t in new.targets])
    mark_created(checked)
    append_events(created_event(actor, new) for new in checked)
    return tasks
