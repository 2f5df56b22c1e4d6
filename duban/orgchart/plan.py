"""Validating every row of a roster against the directory before anything is written.

The result is a plan: which units and people are new, which change and how. Every refusal names
its sheet, row, column and field; the importer writes only a plan without a single error.
"""
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from duban.org.models import Role, Unit, UnitKind, User
from duban.org.selectors import with_memberships
from duban.orgchart.layout import KIND_BY_WORD, PERSON_COLUMNS, ROLE_BY_WORD, UNIT_COLUMNS
from duban.orgchart.reading import Roster, Row

USERNAME = re.compile(r"^[\w.@+-]{1,150}$")
PHONE = re.compile(r"^\+?[\d\- ]{5,30}$")
MAX_ERRORS = 500


@dataclass
class UnitPlan:
    row: Row
    name: str
    short_name: str
    kind: str
    parent: str | None
    existing: Unit | None = None
    changes: dict = field(default_factory=dict)


@dataclass
class PersonPlan:
    row: Row
    username: str
    details: dict                          # display_name, title, email, phone
    roles: list[tuple[str, str]] = field(default_factory=list)  # (unit name, role)
    existing: User | None = None
    changes: dict = field(default_factory=dict)
    new_roles: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Plan:
    units: list[UnitPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def refuse(self, row: Row | None, field_name: str | None, message: str) -> None:
        where = f"{row.where(field_name)}：" if row else ""
        self.errors.append(f"{where}{message}")


class Reach:
    """The units an actor may write: an admin's subtrees; everything for the installer."""

    def __init__(self, actor: User | None):
        self.prefixes: list[str] | None = None
        if actor is not None and not (actor.is_superuser and not actor.memberships.filter(role=Role.ADMIN).exists()):
            self.prefixes = list(Unit.objects.filter(memberships__user=actor, memberships__role=Role.ADMIN)
                                 .values_list("path", flat=True))

    def covers(self, unit: Unit) -> bool:
        return self.prefixes is None or any(unit.path.startswith(p) for p in self.prefixes)


def plan_roster(roster: Roster, reach: Reach) -> Plan:
    plan = Plan(errors=list(roster.errors))
    units = {u.name: u for u in Unit.objects.all()}
    _plan_units(roster.units, units, reach, plan)
    _plan_people(roster.people, units, {p.name for p in plan.units}, reach, plan)
    return plan


def _bounded(row: Row, columns, plan: Plan) -> bool:
    ok = True
    for column in columns:
        value = row.values.get(column.field, "")
        if column.required and not value:
            plan.refuse(row, column.field, "不能为空")
            ok = False
        elif len(value) > column.max_chars:
            plan.refuse(row, column.field, f"超过{column.max_chars}个字")
            ok = False
    return ok


def _plan_units(rows: list[Row], units: dict[str, Unit], reach: Reach, plan: Plan) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        if not _bounded(row, UNIT_COLUMNS, plan):
            continue
        v = row.values
        if v["name"] in seen:
            plan.refuse(row, "name", f"单位「{v['name']}」与第{seen[v['name']]}行重复")
            continue
        seen[v["name"]] = row.number
        kind = KIND_BY_WORD.get(v.get("kind", ""), None) if v.get("kind") else ""
        if kind is None:
            plan.refuse(row, "kind", f"类型「{v['kind']}」无效，可选：{'、'.join(UnitKind.labels)}")
            continue
        plan.units.append(_unit_plan(row, units.get(v["name"]), kind))
    _check_parents(plan, units, reach)


def _unit_plan(row: Row, existing: Unit | None, kind: str) -> UnitPlan:
    v = row.values
    parent = v.get("parent") or (existing.parent.name if existing and existing.parent else None)
    unit = UnitPlan(row, v["name"], v.get("short_name", ""), kind or (existing.kind if existing else UnitKind.DEPARTMENT),
                    parent, existing)
    if existing:
        old = {"short_name": existing.short_name, "kind": existing.kind,
               "parent": existing.parent.name if existing.parent else None}
        new = {"short_name": unit.short_name or existing.short_name, "kind": unit.kind, "parent": parent}
        unit.short_name = new["short_name"]
        unit.changes = {k: [old[k], new[k]] for k in old if old[k] != new[k]}
    return unit


def _check_parents(plan: Plan, units: dict[str, Unit], reach: Reach) -> None:
    """Parents exist, no unit is its own ancestor, and every unit lands inside the actor's reach."""
    parents = {u.name: (u.parent.name if u.parent else None) for u in units.values()}
    parents.update({p.name: p.parent for p in plan.units})
    for unit in plan.units:
        if unit.parent and unit.parent not in parents:
            plan.refuse(unit.row, "parent", f"上级单位「{unit.parent}」既不在本表，也不在系统中")
            continue
        chain, name = [], unit.name
        while name is not None and name not in chain:
            chain.append(name)
            name = parents.get(name)
        if name is not None:
            plan.refuse(unit.row, "parent", f"上级关系成环：{' → '.join([*chain, name])}")
        elif unit.existing and not reach.covers(unit.existing):
            plan.refuse(unit.row, "name", f"单位「{unit.name}」不在您管理的范围内")
        elif not _inside(chain if unit.existing is None else chain[1:], units, reach) and \
                (unit.existing is None or "parent" in unit.changes):
            plan.refuse(unit.row, "parent", "只能把单位放在您管理的单位之下")


def _inside(chain: list[str], units: dict[str, Unit], reach: Reach) -> bool:
    return any(n in units and reach.covers(units[n]) for n in chain)


def _plan_people(rows: list[Row], units: dict[str, Unit], new_units: set[str], reach: Reach, plan: Plan) -> None:
    by_name: dict[str, PersonPlan] = {}
    for row in rows:
        if not _bounded(row, PERSON_COLUMNS, plan) or not (person := _person_row(row, units, new_units, reach, plan)):
            continue
        first = by_name.get(person.username)
        if first is None:
            by_name[person.username] = person
        elif any(v and first.details[k] and v != first.details[k] for k, v in person.details.items()):
            plan.refuse(row, "username", f"用户「{person.username}」在第{first.row.number}行的姓名、职务或联系方式与本行不同")
        else:
            first.roles += [r for r in person.roles if r not in first.roles]
    existing = {u.username: u for u in with_memberships(User.objects.filter(username__in=list(by_name))).select_related("contact")}
    for person in by_name.values():
        _compare(person, existing.get(person.username), reach, plan)
        plan.people.append(person)


def _person_row(row: Row, units: dict[str, Unit], new_units: set[str], reach: Reach, plan: Plan):
    v = row.values
    username = v.get("username") or v.get("phone", "").replace(" ", "").replace("-", "")
    if not username:
        return plan.refuse(row, "username", "用户名和手机至少要填一项（没有用户名时以手机号登录）")
    if not USERNAME.match(username):
        return plan.refuse(row, "username", f"用户名「{username}」只能含字母、数字和 . @ + - _")
    role = ROLE_BY_WORD.get(v["role"])
    if role is None:
        return plan.refuse(row, "role", f"角色「{v['role']}」无效，可选：{'、'.join(Role.labels)}")
    if v["unit"] not in units and v["unit"] not in new_units:
        return plan.refuse(row, "unit", f"单位「{v['unit']}」既不在「单位」表，也不在系统中")
    if v["unit"] in units and not reach.covers(units[v["unit"]]):
        return plan.refuse(row, "unit", f"单位「{v['unit']}」不在您管理的范围内")
    if v.get("email") and not _email_ok(v["email"]):
        return plan.refuse(row, "email", f"「{v['email']}」不是有效的电子邮件地址")
    if v.get("phone") and not PHONE.match(v["phone"]):
        return plan.refuse(row, "phone", f"「{v['phone']}」不是电话号码")
    details = {k: v.get(k, "") for k in ("display_name", "title", "email", "phone")}
    return PersonPlan(row, username, details, roles=[(v["unit"], role)])


def _email_ok(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def _compare(person: PersonPlan, user: User | None, reach: Reach, plan: Plan) -> None:
    person.existing = user
    if user is None:
        person.new_roles = list(person.roles)
        return
    held = list(user.memberships.all())
    if reach.prefixes is not None and not any(reach.covers(m.unit) for m in held):
        plan.refuse(person.row, "username", f"用户名「{person.username}」已被您管理范围以外的人使用")
        return
    contact = getattr(user, "contact", None)
    old = {"display_name": user.display_name, "title": user.title, "email": user.email,
           "phone": contact.phone if contact else ""}
    person.changes = {k: [old[k], v] for k, v in person.details.items() if v and v != old[k]}
    have = {(m.unit.name, m.role) for m in held}
    person.new_roles = [r for r in person.roles if r not in have]

