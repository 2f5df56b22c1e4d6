"""Programmes: the bodies of work that give tasks their rules (warning window, reporting cycle, review,
re-check, the supervision ladder)."""
import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from duban.core import clock
from duban.core.errors import DomainError
from duban.core.eventlog import append_event
from duban.core.prepared import ObjectsQuery
from duban.org.models import User
from duban.org.services import unit_by_name
from duban.tasks.access import keeps_programme, memberships_of
from duban.tasks.kinds import KINDS, kind_for
from duban.tasks.models import Programme, ProgrammeKind
from duban.tasks.services.common import require, require_text


@transaction.atomic
def programme_create(*, actor: User, name: str, year: int, owner_unit: str,
                     kind: str = ProgrammeKind.GENERAL, warning_workdays: int = 5,
                     report_cycle_workdays: int = 10, leader_review: bool = False,
                     recheck_after_days: int = 90, settings: dict | None = None) -> Programme:
    owner = unit_by_name(owner_unit)
    if kind not in KINDS:
        raise DomainError(gettext("项目类型「%(kind)s」无效") % {"kind": kind}, field="kind")
    # Asked of the programme as it would be: an auditor may set up audit programmes, not others.
    require(keeps_programme(actor, Programme(owner_unit=owner, kind=kind)),
            gettext("您无权为「%(unit)s」设立%(kind)s类督办项目") % {"unit": owner.name, "kind": gettext(kind_for(kind).label)})
    name = require_text(name, "项目名称")
    if Programme.objects.filter(name=name).exists():
        raise DomainError(gettext("督办项目「%(name)s」已存在") % {"name": name}, field="name")
    # The same bounds as an update: a recheck interval in the billions would overflow every approval.
    year, warning_workdays, report_cycle_workdays, recheck_after_days = (
        _count(value, _PROGRAMME_NUMBERS[field], field, most=3000 if field == "year" else 400)
        for field, value in (("year", year), ("warning_workdays", warning_workdays),
                             ("report_cycle_workdays", report_cycle_workdays),
                             ("recheck_after_days", recheck_after_days)))
    programme = Programme.objects.create(
        name=name, year=year, owner_unit=owner, kind=kind, warning_workdays=warning_workdays,
        report_cycle_workdays=report_cycle_workdays, leader_review=leader_review,
        recheck_after_days=recheck_after_days, settings=settings or {})
    append_event(actor=actor.username, action="programme.created",
                 payload={"programme": name, "kind": kind, "year": year})
    return programme


_PROGRAMME_NUMBERS = {"year": "年度", "warning_workdays": "预警提前工作日", "report_cycle_workdays": "报送周期（工作日）",
                      "recheck_after_days": "回头看间隔（天）"}


@transaction.atomic
def programme_update(*, actor: User, name: str, **values) -> Programme:
    """Change a programme's rules; `settings` keys are merged (None drops a key back to its default)."""
    programme = Programme.objects.select_for_update().filter(pk=programme_by_name(name).pk).first()
    require(keeps_programme(actor, programme), gettext("您无权修改督办项目「%(name)s」") % {"name": name})
    unknown = set(values) - {"new_name", "kind", "leader_review", "settings", *_PROGRAMME_NUMBERS}
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")
    wanted = _programme_values(actor, programme, values)
    changed = {k: [getattr(programme, k), v] for k, v in wanted.items() if getattr(programme, k) != v}
    if not changed:
        return programme
    for field, (_old, new) in changed.items():
        setattr(programme, field, new)
    programme.save(update_fields=list(changed))
    append_event(actor=actor.username, action="programme.updated", payload={"programme": name, "changed": changed})
    return programme


def _programme_values(actor: User, programme: Programme, values: dict) -> dict:
    wanted = {}
    if values.get("new_name") is not None:
        wanted["name"] = require_text(values["new_name"], "项目名称")
        if Programme.objects.filter(name=wanted["name"]).exclude(pk=programme.pk).exists():
            raise DomainError(gettext("督办项目「%(name)s」已存在") % {"name": wanted['name']}, field="name")
    if values.get("kind") is not None:
        require(values["kind"] in KINDS, gettext("项目类型「%(kind)s」无效") % {"kind": values['kind']})
        # Nobody makes a programme into one they would not keep (an auditor's "kind → audit" on a
        # general programme would make it the programme's supervisor).
        require(keeps_programme(actor, Programme(owner_unit=programme.owner_unit, kind=values["kind"])),
                gettext("您无权将督办项目「%(name)s」改为%(kind)s类") % {"name": programme.name, "kind": gettext(kind_for(values['kind']).label)})
        wanted["kind"] = values["kind"]
    if values.get("leader_review") is not None:
        wanted["leader_review"] = bool(values["leader_review"])
    for field, label in _PROGRAMME_NUMBERS.items():
        if values.get(field) is not None:
            wanted[field] = _count(values[field], label, field, most=3000 if field == "year" else 400)
    if values.get("settings") is not None:
        wanted["settings"] = programme_settings_merged(programme.settings, values["settings"])
    return wanted


def _count(value, label: str, field: str, *, most: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(gettext("「%(field)s」应为整数，收到「%(value)s」") % {"field": gettext(label), "value": value}, field=field) from None
    if not 0 <= number <= most:
        raise DomainError(gettext("「%(field)s」应在 0 到 %(most)s 之间，收到 %(value)s") % {"field": gettext(label), "most": most, "value": number}, field=field)
    return number


def programme_settings_merged(current: dict | None, changes: dict) -> dict:
    """The programme's settings with `changes` applied, each key checked against the ladder's defaults."""
    from duban.tasks.programme_settings import DEFAULTS

    merged = dict(current or {})
    for key, value in changes.items():
        if key not in DEFAULTS:
            raise DomainError(gettext("未知的设置项「%(key)s」，可选：%(choices)s") % {"key": key, "choices": '、'.join(DEFAULTS)}, field=key)
        if value is None:
            merged.pop(key, None)
        elif isinstance(DEFAULTS[key], bool):
            merged[key] = value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "是")
        elif isinstance(DEFAULTS[key], int):
            merged[key] = _count(value, key, key, most=400)
        else:
            merged[key] = require_text(str(value), key)[:20]
    return merged


def default_programme(*, actor: User, deadline: dt.date | None) -> Programme:
    """Where a task given without a programme goes: the year's general programme of the
    jurisdiction the actor supervises (e.g. 钱塘区2027年综合督办事项), created on first use."""
    homes = [m.unit for m in memberships_of(actor) if m.role in kind_for(ProgrammeKind.GENERAL).supervisor_roles]
    require(bool(homes), gettext("请指定督办项目"))
    year = (deadline or clock.today()).year
    name = f"{homes[0].name}{year}年综合督办事项"
    found = Programme.objects.filter(name=name).first()
    return found or programme_create(actor=actor, name=name, year=year, owner_unit=homes[0].name)


# Every task created or changed by name asks: the statement is built once per process (core.prepared).
_PROGRAMME_NAMED = ObjectsQuery(lambda name: Programme.objects.filter(name=name),
                                stand_in="stand-in: no programme's name")


def programme_by_name(name: str) -> Programme:
    programme = _PROGRAMME_NAMED.first(name)  # names are unique: one at most
    if programme is None:
        raise DomainError(gettext("没有名为「%(name)s」的督办项目") % {"name": name})
    return programme
