"""Import in phases, as pretix does: parse → validate every row → write all in one transaction
through the task services → side effects after commit. Any error refuses the whole file."""
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext

from duban.core import bounds, clock
from duban.core.collector import fewer_collections
from duban.core.errors import DomainError
from duban.core.eventlog import append_event
from duban.ledger.reporting import check_report_row, reports_only
from duban.ledger.rows import open_ledger
from duban.ledger.validate import Directory, Planned, RowErrors, plan_row
from duban.org.models import User
from duban.tasks.access import capabilities
from duban.tasks.models import DONE_STATES, Task, TaskState
from duban.tasks.selectors import tasks_with_relations
from duban.tasks.services import task_report, task_update
from duban.tasks.services.bulk import RowsRefused, tasks_check_bulk, tasks_write_bulk
from duban.tasks.services.creation import Lookups
from duban.tasks.services.programmes import programme_by_name
from duban.tasks.services.updates import task_changes

MAX_MESSAGES = 500
CHUNK = 500
WRITE_BATCH = 5000  # new tasks per bulk write (one insert per table each): progress often enough to show
Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    reported: int = 0  # a liaison's rows that became progress reports
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    written: bool = False

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "reported": self.reported,
                "unchanged": self.unchanged, "errors": self.errors}


class _Refused(Exception):
    """Raised inside the write transaction to undo it."""


def ledger_import(*, actor: User, path, programme: str | None = None, dry_run: bool = False,
                  progress: Progress | None = None) -> ImportResult:
    progress = progress or (lambda stage, done, total: None)
    with clock.one_day(), fewer_collections():  # every row is judged by the day the import began
        directory = Directory(actor, programme_by_name(programme) if programme else None)
        errors = RowErrors()
        plans = _parse(Path(path), directory, errors, progress)
        _classify(plans, actor, errors)
        _check_creates(plans, directory, errors)
        return _finish(actor, plans, errors, Path(path).name, dry_run, progress)


def _finish(actor: User, plans: list[Planned], errors: RowErrors, name: str, dry_run: bool,
            progress: Progress) -> ImportResult:
    result = ImportResult(flags=[f for p in plans for f in p.flags])
    for plan in plans:
        kind = ("created" if plan.task is None else "reported" if plan.report
                else "updated" if plan.values else "unchanged")
        setattr(result, kind, getattr(result, kind) + 1)
    if errors:
        result.errors = _capped(errors)
        return result
    if not dry_run:
        _write(actor, plans, result, name, progress)
    return result


def _capped(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_MESSAGES:
        return list(errors)
    return [*errors[:MAX_MESSAGES], gettext("……另有%(more)s处错误未列出") % {"more": len(errors) - MAX_MESSAGES}]


def _parse(path: Path, directory: Directory, errors: RowErrors, progress: Progress) -> list[Planned]:
    plans, seen = [], {}
    with open_ledger(path) as ledger:
        for raw in ledger.rows:
            plan = plan_row(raw, directory, errors)
            if plan and plan.code:
                if plan.code in seen:
                    errors.add(raw.number, None, gettext("编号「%(code)s」与第%(row)s行重复") % {"code": plan.code, "row": seen[plan.code]})
                seen.setdefault(plan.code, raw.number)
            if plan:
                plans.append(plan)
            if raw.number % 1000 == 0:
                progress("read", len(plans), 0)
    if not plans and not errors:
        raise DomainError(gettext("台账里没有数据行"))
    return plans


def _classify(plans: list[Planned], actor: User, errors: RowErrors) -> None:
    """Finds existing tasks by 编号: an update keeps only the fields that differ."""
    by_code = {p.code: p for p in plans if p.code}
    codes = list(by_code)
    for start in range(0, len(codes), CHUNK):
        existing = tasks_with_relations(Task.objects.filter(code__in=codes[start:start + CHUNK]))
        for task in existing.prefetch_related("targets"):
            plan = by_code[task.code]
            plan.task = task
            if reports_only(capabilities(actor, task)):
                check_report_row(plan, errors)
                continue
            try:
                _check_update(plan, actor)
            except DomainError as exc:
                errors.add(plan.number, None, exc.message)
            _add_pending(plan, errors)
    for plan in plans:
        if plan.task is None:
            try:
                _check_create(plan)
            except DomainError as exc:
                errors.add(plan.number, None, exc.message)
            _add_pending(plan, errors)


def _add_pending(plan: Planned, errors: RowErrors) -> None:
    for column, message in plan.pending:
        errors.add(plan.number, column, message)


def _check_creates(plans: list[Planned], directory: Directory, errors: RowErrors) -> None:
    """New rows that passed the ledger's checks go through task_create's own rules now, once: the
    dry run reports what the write would refuse, and the write inserts what was checked here."""
    creates = [plan for plan in plans if plan.task is None and plan.number not in errors.rows]
    lookups = Lookups(directory.actor)
    lookups.preload(units=directory.units, programmes=directory.programmes,
                    users={user.username: user for user in directory.people.values()})
    try:
        checked = tasks_check_bulk(actor=directory.actor, lookups=lookups, rows=[
            {"programme": plan.programme.name, "code": plan.code, **plan.values} for plan in creates])
    except RowsRefused as exc:
        for index, message in exc.problems:
            errors.add(creates[index].number, None, message)
        return
    for plan, new in zip(creates, checked, strict=True):
        plan.new = new


def _check_update(plan: Planned, actor: User) -> None:
    task = plan.task
    caps = capabilities(actor, task)
    if not caps.supervise:
        # Same words as task_create: a task out of reach is not described.
        raise DomainError(gettext("编号「%(code)s」已被使用") % {"code": plan.code})
    if task.programme_id != plan.programme.pk:
        raise DomainError(gettext("编号「%(code)s」属于督办项目「%(programme)s」，不能导入到「%(chosen)s」") % {"code": plan.code, "programme": task.programme.name, "chosen": plan.programme.name})
    changes = task_changes(task, plan.values)
    plan.values = {k: plan.values[k] for k in changes}
    if changes and (task.state in DONE_STATES or task.state == TaskState.CANCELLED):
        raise DomainError(gettext("事项「%(code)s」%(state)s，不能修改（%(fields)s）") % {"code": plan.code, "state": gettext(task.get_state_display()), "fields": '、'.join(changes)})
    if "deadline" in changes:
        _future(plan.values["deadline"], "完成时限")
    old = {(m.name, m.due_on) for m in task.milestones.all()}
    for item in plan.values.get("milestones", []):
        if (item["name"], item["due_on"]) not in old:
            _future(item["due_on"], gettext("节点「%(name)s」") % {"name": item['name']})


def _check_create(plan: Planned) -> None:
    values = plan.values
    for name, header in (("title", "事项内容"), ("lead_unit", "牵头单位"), ("deadline", "完成时限")):
        if name not in values:
            raise DomainError(gettext("缺少「%(column)s」列，不能新建事项") % {"column": header})
    if not values["title"]:
        raise DomainError(gettext("请填写「事项内容」"))
    deadline = values["deadline"]
    _future(deadline, "完成时限")
    if values["lead_unit"] in values.get("co_units", []):
        raise DomainError(gettext("「%(unit)s」已是牵头单位，不能同时作为配合单位") % {"unit": values['lead_unit']})
    for item in values.get("milestones", []):
        if item["due_on"] is not None and not bounds.ahead(item["due_on"]):  # its label built for the message only
            _future(item["due_on"], gettext("节点「%(name)s」") % {"name": item['name']})
        if deadline and item["due_on"] > deadline:
            raise DomainError(gettext("节点「%(name)s」日期 %(day)s 晚于完成时限 %(deadline)s") % {"name": item['name'], "day": item['due_on'], "deadline": deadline})


def _future(day, what: str) -> None:
    if day is not None and day < clock.today():
        raise DomainError(gettext("「%(what)s」%(day)s已经过去") % {"what": gettext(what), "day": day.isoformat()})
    bounds.check_date(day, what)


def _write(actor: User, plans: list[Planned], result: ImportResult, name: str, progress: Progress) -> None:
    """New rows as checked, in large bulk writes; changed rows one by one through task_update."""
    problems: list[tuple[int, str]] = []
    creates = [plan for plan in plans if plan.task is None]
    updates = [plan for plan in plans if plan.task is not None and plan.values]
    try:
        with transaction.atomic():
            for start in range(0, len(creates), WRITE_BATCH):
                problems += _create_batch(actor, creates[start:start + WRITE_BATCH])
                progress("write", start + len(creates[start:start + WRITE_BATCH]), len(plans))
            for done, plan in enumerate(updates, start=len(creates) + 1):
                try:
                    task_update(actor=actor, task_id=plan.task.pk, **plan.values)
                except DomainError as exc:
                    problems.append((plan.number, exc.message))
                if done % 200 == 0:
                    progress("write", done, len(plans))
            problems += _report(actor, [plan for plan in plans if plan.report])
            if problems:
                raise _Refused
            append_event(actor=actor.username, action="ledger.imported", payload={
                "file": name, "created": result.created, "updated": result.updated, "reported": result.reported})
    except _Refused:
        errors = RowErrors()
        for number, message in sorted(problems):
            errors.add(number, None, message)
        result.errors = _capped(errors)
        return
    result.written = True
    progress("write", len(plans), len(plans))


def _report(actor: User, plans: list[Planned]) -> list[tuple[int, str]]:
    problems = []
    for plan in plans:
        try:
            task_report(actor=actor, task_id=plan.task.pk, **plan.report)
        except DomainError as exc:
            problems.append((plan.number, exc.message))
    return problems


def _create_batch(actor: User, batch: list[Planned]) -> list[tuple[int, str]]:
    try:
        tasks_write_bulk(actor=actor, checked=[plan.new for plan in batch])
    except RowsRefused as exc:
        return [(batch[index].number, message) for index, message in exc.problems]
    except DomainError as exc:
        return [(batch[0].number, exc.message)]
    return []
