"""Importing a roster in phases, as the ledger does: read → plan every row → write all in one
transaction (units, people, roles, invitations, one event per change) → nothing on any error."""
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction

from duban.core.eventlog import append_events
from duban.org.models import Membership, Role, Unit, User
from duban.org.services import require_admin
from duban.orgchart.invitations import invitations_issue
from duban.orgchart.models import Contact
from duban.orgchart.plan import MAX_ERRORS, Plan, Reach, plan_roster
from duban.orgchart.reading import read_roster

BATCH = 500


@dataclass
class OrgImportResult:
    units_created: int = 0
    units_updated: int = 0
    people_created: int = 0
    people_updated: int = 0
    roles_added: int = 0
    invited: int = 0
    without_email: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    written: bool = False

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("units_created", "units_updated", "people_created",
                                              "people_updated", "roles_added", "invited", "without_email",
                                              "errors", "written")}


def orgchart_import(*, actor: User | None, path, dry_run: bool = False) -> OrgImportResult:
    require_admin(actor)
    plan = plan_roster(read_roster(Path(path)), Reach(actor))
    result = _counts(plan)
    if plan.errors:
        extra = len(plan.errors) - MAX_ERRORS
        result.errors = plan.errors[:MAX_ERRORS] + ([f"……另有{extra}处错误未列出"] if extra > 0 else [])
        return result
    if not dry_run:
        with transaction.atomic():
            result.invited = _write(actor, plan)
        result.written = True
    return result


def _counts(plan: Plan) -> OrgImportResult:
    return OrgImportResult(
        units_created=sum(1 for u in plan.units if u.existing is None),
        units_updated=sum(1 for u in plan.units if u.existing is not None and u.changes),
        people_created=sum(1 for p in plan.people if p.existing is None),
        people_updated=sum(1 for p in plan.people if p.existing is not None and p.changes),
        roles_added=sum(len(p.new_roles) for p in plan.people if p.existing is not None),
        without_email=[p.username for p in plan.people if p.existing is None and not p.details["email"]][:100])


def _write(actor: User | None, plan: Plan) -> int:
    who = actor.username if actor else "system"
    events: list[dict] = []
    units = _write_units(plan, who, events)
    new_users = _write_people(plan, units, who, events)
    append_events(events)
    return len(invitations_issue(new_users))


def _write_units(plan: Plan, who: str, events: list[dict]) -> dict[str, Unit]:
    fresh = [Unit(name=u.name, short_name=u.short_name, kind=u.kind) for u in plan.units if u.existing is None]
    Unit.objects.bulk_create(fresh, batch_size=BATCH)
    units = {u.name: u for u in Unit.objects.all()}
    touched = []
    for u in plan.units:
        if u.existing is None or u.changes:
            unit = units[u.name]
            unit.short_name, unit.kind = u.short_name, u.kind
            unit.parent_id = units[u.parent].pk if u.parent else None
            touched.append(unit)
            events.append({"actor": who, "action": "unit.created" if u.existing is None else "unit.updated",
                           "payload": {"unit": u.name, "parent": u.parent, "kind": u.kind}
                           if u.existing is None else {"unit": u.name, "changed": u.changes}})
    Unit.objects.bulk_update(touched, ["short_name", "kind", "parent"], batch_size=BATCH)
    _repath(units)
    return units


def _repath(units: dict[str, Unit]) -> None:
    """Materialised paths from the parents, top down; only the rows whose path moved are written."""
    by_id = {u.pk: u for u in units.values()}
    paths: dict[int, str] = {}

    def path_of(unit: Unit) -> str:
        if unit.pk not in paths:
            above = path_of(by_id[unit.parent_id]) if unit.parent_id else "/"
            paths[unit.pk] = f"{above}{unit.pk}/"
        return paths[unit.pk]

    moved = [u for u in by_id.values() if u.path != path_of(u)]
    for unit in moved:
        unit.path = paths[unit.pk]
    Unit.objects.bulk_update(moved, ["path"], batch_size=BATCH)


def _write_people(plan: Plan, units: dict[str, Unit], who: str, events: list[dict]) -> list[User]:
    new = [p for p in plan.people if p.existing is None]
    users = [User(username=p.username, display_name=p.details["display_name"], title=p.details["title"],
                  email=p.details["email"], password=make_password(None),
                  is_superuser=any(r == Role.ADMIN for _, r in p.roles),
                  is_staff=any(r == Role.ADMIN for _, r in p.roles)) for p in new]
    User.objects.bulk_create(users, batch_size=BATCH)
    created = {u.username: u for u in User.objects.filter(username__in=[p.username for p in new])}
    for p in new:
        events.append({"actor": who, "action": "user.created", "payload": {
            "username": p.username, "unit": p.roles[0][0], "role": p.roles[0][1], "source": "orgchart"}})
    _write_changes(plan, who, events)
    _write_contacts(plan, created)
    _write_roles(plan, units, created, who, events)
    return [created[p.username] for p in new]


def _write_changes(plan: Plan, who: str, events: list[dict]) -> None:
    changed = [p for p in plan.people if p.existing is not None and p.changes]
    for p in changed:
        for name in ("display_name", "title", "email"):
            if name in p.changes:
                setattr(p.existing, name, p.changes[name][1])
        events.append({"actor": who, "action": "user.updated", "payload": {"username": p.username, "changed": p.changes}})
    User.objects.bulk_update([p.existing for p in changed], ["display_name", "title", "email"], batch_size=BATCH)


def _write_contacts(plan: Plan, created: dict[str, User]) -> None:
    phones = {(p.existing or created[p.username]).pk: p.details["phone"] for p in plan.people if p.details["phone"]}
    kept = {c.user_id: c for c in Contact.objects.filter(user_id__in=list(phones))}
    for contact in kept.values():
        contact.phone = phones[contact.user_id]
    Contact.objects.bulk_update(list(kept.values()), ["phone"], batch_size=BATCH)
    Contact.objects.bulk_create([Contact(user_id=pk, phone=phone) for pk, phone in phones.items() if pk not in kept],
                                batch_size=BATCH)


def _write_roles(plan: Plan, units: dict[str, Unit], created: dict[str, User], who: str, events: list[dict]) -> None:
    rows = []
    for p in plan.people:
        user = p.existing or created[p.username]
        for unit, role in p.new_roles:
            rows.append(Membership(user=user, unit=units[unit], role=role))
            if p.existing is not None:
                events.append({"actor": who, "action": "user.role_added",
                               "payload": {"username": p.username, "unit": unit, "role": role}})
        if p.existing is not None and any(r == Role.ADMIN for _, r in p.new_roles) and not user.is_superuser:
            User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    Membership.objects.bulk_create(rows, batch_size=BATCH)
