"""Many tasks created at once (a ledger import): the rules of `task_create`, row by row, then a
few bulk writes and one chained run of `task.created` events instead of a dozen queries a task."""
from django.db import transaction
from django.utils.translation import gettext

from duban.core.errors import DomainError
from duban.core.eventlog import append_events
from duban.org.models import User
from duban.tasks.models import Milestone, Target, Task
from duban.tasks.services.creation import Lookups, NewTask, check_new_task, created_event, default_code

BATCH = 500
CODE_QUERY = 500  # codes per IN (...) query, well under every database's parameter limit


class RowsRefused(DomainError):
    """Some rows broke a rule; nothing was written. `problems` lists (index in rows, message)."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__("；".join(gettext("第%(n)s项: %(message)s") % {"n": index + 1, "message": message} for index, message in problems))
        self.problems = problems


@transaction.atomic
def tasks_create_bulk(*, actor: User, rows: list[dict], lookups: Lookups | None = None) -> list[Task]:
    """Create one task per row (each row as `task_create`'s keyword arguments), all or none.

    A caller writing several batches in one transaction may pass the same `lookups` to each.
    """
    lookups, taken = lookups or Lookups(actor), _codes_in_use([row.get("code") for row in rows])
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
    _write(checked, taken)
    append_events(created_event(actor, new) for new in checked)
    return [new.task for new in checked]


def _codes_in_use(codes: list[str | None]) -> set[str | None]:
    codes = sorted({code for code in codes if code})
    taken: set[str | None] = set()
    for start in range(0, len(codes), CODE_QUERY):
        taken.update(Task.objects.filter(code__in=codes[start:start + CODE_QUERY]).values_list("code", flat=True))
    return taken


def _write(checked: list[NewTask], taken: set) -> None:
    tasks = Task.objects.bulk_create([new.task for new in checked], batch_size=BATCH)
    unnamed = [task for task in tasks if not task.code]
    for task in unnamed:
        task.code = default_code(task)
        if task.code in taken:
            # task_create would have refused the row that took this code, had it come later.
            raise DomainError(gettext("编号「%(code)s」已被使用") % {"code": task.code}, field="code")
    Task.objects.bulk_update(unnamed, ["code"], batch_size=BATCH)
    link = Task.co_units.through
    link.objects.bulk_create([link(task_id=new.task.pk, unit_id=unit.pk)
                              for new in checked for unit in dict.fromkeys(new.co)], batch_size=BATCH)
    for new in checked:
        for item in (*new.milestones, *new.targets):
            item.task = new.task
    Milestone.objects.bulk_create([m for new in checked for m in new.milestones], batch_size=BATCH)
    Target.objects.bulk_create([t for new in checked for t in new.targets], batch_size=BATCH)
