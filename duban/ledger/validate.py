"""Phase two of an import: every row checked against the directory and the rules, nothing written.

A row becomes a Planned create or update, or a list of messages naming the row and the column.
"""
import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext

from duban.core import clock
from duban.core.errors import DomainError
from duban.ledger import columns as c
from duban.ledger.dates import parse_ledger_date
from duban.ledger.rows import RawRow
from duban.ledger.values import (
    CLASS_BY_NAME,
    SOURCE_BY_NAME,
    names,
    parse_milestones,
    parse_targets,
    split_text,
)
from duban.ledger.writer import restore
from duban.org.models import Unit, User
from duban.org.selectors import with_memberships
from duban.org.services import nearest_unit_names
from duban.tasks.access import memberships_of
from duban.tasks.kinds import kind_for
from duban.tasks.models import Programme, SourceKind, Task
from duban.tasks.services.creation import NewTask, check_lead, check_leader

PLAIN_FIELDS = ("source_ref", "responsible_person", "problem_category", "measures", "remarks")


@dataclass
class Planned:
    number: int
    code: str | None
    programme: Programme
    values: dict
    task: Task | None = None          # the existing task, for an update
    flags: list[str] = field(default_factory=list)
    columns: dict[str, c.Column] = field(default_factory=dict)  # field → the column it came from
    cells: dict[c.Column, object] = field(default_factory=dict)  # the progress columns, for a liaison's report
    pending: list[tuple[c.Column, str]] = field(default_factory=list)  # refusals unless the row only reports
    report: dict | None = None        # task_report's arguments, for a liaison's row that reports
    new: NewTask | None = None        # a new row as task_create's rules passed it, written as it is


class Directory:
    """Units, leaders and programmes loaded once: a 100,000-row file asks the database a few times."""

    def __init__(self, actor: User, default_programme: Programme | None):
        self.actor = actor
        self.default_programme = default_programme
        units = list(Unit.objects.all())
        self.units: dict[str, Unit] = {u.short_name: u for u in units if u.short_name}
        self.units.update({u.name: u for u in units})
        self.people: dict[str, User] = {}
        for user in with_memberships(User.objects.filter(is_active=True)):
            user._duban_memberships = list(user.memberships.all())  # what memberships_of reads, loaded once
            if user.display_name:
                self.people.setdefault(user.display_name, user)
            self.people[user.username] = user
        self.programmes = {p.name: p for p in Programme.objects.all()}
        self._nearest: dict[str, list[str]] = {}
        memberships_of(actor)

    def unit(self, name: str) -> Unit:
        unit = self.units.get(name)
        if unit is None:
            if name not in self._nearest:
                self._nearest[name] = nearest_unit_names(name)
            hint = self._nearest[name]
            raise DomainError(gettext("没有名为「%(name)s」的单位") % {"name": name} + (gettext("，是否指「%(name)s」?") % {"name": hint[0]} if hint else ""))
        return unit


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        value = value.date() if isinstance(value, dt.datetime) else value
        return value.isoformat()
    return restore(str(value).strip())


class RowErrors(list):
    """Messages naming row and column; `rows` holds the numbers of the rows refused so far."""

    def __init__(self, *args):
        super().__init__(*args)
        self.rows: set[int] = set()

    def add(self, number: int, column: c.Column | None, message: str) -> None:
        self.rows.add(number)
        self.append(gettext("第%(row)s行「%(column)s」: %(message)s") % {"row": number, "column": column.header, "message": message}
                    if column else gettext("第%(row)s行: %(message)s") % {"row": number, "message": message})


def plan_row(raw: RawRow, directory: Directory, errors: RowErrors) -> Planned | None:
    """Reads one row into values for task_create/task_update; records what is wrong instead."""
    before = len(errors)
    errors.extend(raw.errors)
    cells = {col.field: (col, value) for col, value in raw.cells.items() if col.field}
    programme = _programme(raw.number, cells, directory, errors)
    values, flags, pending = {}, [], []
    for name, (column, value) in cells.items():
        try:
            _read_field(name, value, programme, directory, values, flags, raw.number)
        except _Pending as exc:
            pending.append((column, exc.message))
        except DomainError as exc:
            errors.add(raw.number, column, exc.message)
    if len(errors) > before or programme is None:
        return None
    code = values.pop("code", None) or None
    values.pop("programme", None)
    return Planned(raw.number, code, programme, values, flags=flags, pending=pending,
                   columns={name: column for name, (column, _) in cells.items()},
                   cells={col: value for col, value in raw.cells.items() if col.field is None})


class _Pending(DomainError):
    """A planning refusal that does not apply when the row turns out to be a liaison's report."""


def _programme(number, cells, directory: Directory, errors: RowErrors) -> Programme | None:
    column, value = cells.get("programme", (c.PROGRAMME, None))
    name = text_of(value)
    if not name:
        if directory.default_programme is None:
            errors.add(number, None, gettext("没有「督办项目」列，请用 --programme 指定导入到哪个督办项目"))
        return directory.default_programme
    programme = directory.programmes.get(name)
    if programme is None:
        errors.add(number, column, gettext("没有名为「%(name)s」的督办项目") % {"name": name})
    elif directory.default_programme and programme != directory.default_programme:
        errors.add(number, column, gettext("属于「%(name)s」，与指定的「%(chosen)s」不同") % {"name": name, "chosen": directory.default_programme.name})
    return programme


def _read_field(name, value, programme, directory: Directory, values: dict, flags: list, number: int):
    text = text_of(value) if name not in ("deadline",) else value
    year = programme.year if programme else clock.today().year
    if name in PLAIN_FIELDS or name in ("code", "programme", "title"):
        values[name] = text
    elif name == "text":
        title, content = split_text(text)
        values.setdefault("title", title)
        values["content"] = content
    elif name == "source_kind":
        values[name] = _choice(text, SOURCE_BY_NAME, "来源类型") if text else (
            kind_for(programme).default_source if programme else SourceKind.PLAN)
    elif name == "rectification_class":
        values[name] = _choice(text, CLASS_BY_NAME, "整改类型") if text else ""
    elif name == "lead_unit":
        values[name] = _lead(text, directory)
        _check_lead(values[name], directory, programme)
    elif name == "co_units":
        values[name] = [directory.unit(n).name for n in names(text)]
    elif name == "responsible_leader":
        values[name] = _leader(text, directory)
    elif name == "deadline":
        values[name] = _deadline(value, year, flags, number)
    elif name == "milestones":
        values[name] = parse_milestones(text, year=year) if text else []
    elif name == "targets":
        values[name] = parse_targets(text) if text else []


def _choice(text: str, choices: dict, what: str) -> str:
    if text not in choices:
        raise DomainError(gettext("%(what)s「%(value)s」无效，可选：%(choices)s") % {"what": gettext(what), "value": text, "choices": '、'.join(k for k in choices if not k.isascii())})
    return choices[text]


def _lead(text: str, directory: Directory) -> str:
    if not text:
        raise DomainError(gettext("请填写牵头单位"))
    return directory.unit(text).name


def _check_lead(name: str, directory: Directory, programme: Programme | None) -> None:
    if programme is not None:
        try:
            check_lead(directory.actor, directory.units[name], programme)  # the rule task_create and task_update apply
        except DomainError as exc:
            raise _Pending(exc.message) from None


def _leader(text: str, directory: Directory) -> str | None:
    if not text:
        return None
    user = directory.people.get(text)
    if user is None:
        raise DomainError(gettext("通讯录中没有「%(name)s」") % {"name": text})
    check_leader(user, text)  # the rule task_create and task_update apply
    return user.username


def _deadline(value, year: int, flags: list, number: int):
    if value in (None, ""):
        raise DomainError(gettext('请填写完成时限；没有期限的事项填"长期坚持"'))
    day, ongoing = parse_ledger_date(value, year=year)
    if ongoing:
        flags.append(gettext("第%(row)s行: 长期坚持，没有完成时限") % {"row": number})
    return day
