"""A deterministic province for benchmarks: districts of ~40 units each, programmes, and tasks with
milestones and progress reports over a year. The same seed and sizes give the same rows.

Written with bulk inserts (no event log: the benchmarks measure reads and single writes, not the
history). Import after django.setup().
"""
import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from duban.core.planner import refresh_planner_statistics
from duban.org.models import Membership, Unit, User
from duban.tasks.models import Milestone, Programme, ProgressReport, Task, TaskState, assign_districts

TODAY = dt.date(2026, 9, 15)  # the day every benchmark runs on (clock.travel), mid-year
YEAR_START = dt.date(2026, 1, 1)
UNITS_PER_DISTRICT = 40
BATCH = 5000
# Most tasks are under way; some wait, some closed; the proportions of a working office.
STATES = ([TaskState.IN_PROGRESS] * 10 + [TaskState.ASSIGNED] * 3 + [TaskState.CLOSURE_REQUESTED] * 2
          + [TaskState.CLOSED] * 5 + [TaskState.DRAFT])


@dataclass
class Province:
    root: Unit
    districts: list[Unit]
    units: dict[int, list[Unit]]  # district id → its units
    supervisor: User
    liaisons: dict[int, User]  # unit id → its liaison
    programmes: list[Programme] = field(default_factory=list)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _set_paths(parent: Unit) -> None:
    # One UPDATE per parent instead of a row-by-row bulk_update: ids are known only after the insert.
    Unit.objects.filter(parent=parent).update(path=Concat(Value(parent.path), Cast("pk", CharField()), Value("/")))


def _units(root: Unit, districts: int) -> tuple[list[Unit], dict[int, list[Unit]]]:
    Unit.objects.bulk_create([Unit(name=f"第{d + 1:03d}区", kind="region", parent=root) for d in range(districts)])
    _set_paths(root)
    made = list(Unit.objects.filter(parent=root).order_by("pk"))
    kinds = ["department"] * 28 + ["street"] * 12
    Unit.objects.bulk_create([Unit(name=f"{d.name}{'局' if k == 'department' else '街道'}{i + 1:02d}", kind=k,
                                   parent=d) for d in made for i, k in enumerate(kinds[:UNITS_PER_DISTRICT])],
                             batch_size=BATCH)
    for d in made:
        _set_paths(d)
    by_district: dict[int, list[Unit]] = {d.pk: [] for d in made}
    for u in Unit.objects.filter(parent__in=made).order_by("pk"):
        by_district[u.parent_id].append(u)
    return made, by_district


def _people(root: Unit, units: dict[int, list[Unit]]) -> tuple[User, dict[int, User]]:
    supervisor = User.objects.create(username="province-supervisor", password="!", display_name="省督查员")
    Membership.objects.create(user=supervisor, unit=root, role="supervisor")
    all_units = [u for us in units.values() for u in us]
    User.objects.bulk_create([User(username=f"liaison-{u.pk}", password="!", display_name=f"{u.name}联络员")
                              for u in all_units], batch_size=BATCH)
    users = {u.username: u for u in User.objects.filter(username__startswith="liaison-")}
    liaisons = {u.pk: users[f"liaison-{u.pk}"] for u in all_units}
    Membership.objects.bulk_create([Membership(user=liaisons[u.pk], unit=u, role="liaison") for u in all_units],
                                   batch_size=BATCH)
    return supervisor, liaisons


def _task(rng: random.Random, i: int, programme: Programme, unit: Unit) -> Task:
    created = YEAR_START + dt.timedelta(days=rng.randint(0, (TODAY - YEAR_START).days - 1))
    deadline = created + dt.timedelta(days=rng.randint(20, 300))
    state = rng.choice(STATES)
    started = state != TaskState.DRAFT
    task = Task(code=f"P-{i:07d}", title=f"省级督办事项{i}", programme=programme, lead_unit=unit, state=state,
                deadline=deadline, original_deadline=deadline, percent=rng.randint(0, 100) if started else 0,
                created_at=_at(created), assigned_on=created if started else None,
                signed_at=_at(created + dt.timedelta(days=2)) if started else None,
                closed_on=min(TODAY, deadline) if state == TaskState.CLOSED else None)
    task.plan_milestones = []
    for m in range(rng.randint(1, 3)):
        due = created + (deadline - created) * (m + 1) // 4
        task.plan_milestones.append((f"节点{m + 1}", due, due if due < TODAY and rng.random() < 0.7 else None))
    task.next_due_on = min([due for _, due, done in task.plan_milestones if done is None] + [deadline])
    task.plan_reports, day = [], created + dt.timedelta(days=rng.randint(5, 20))
    while started and day < TODAY:
        task.plan_reports.append(day)
        day += dt.timedelta(days=rng.randint(10, 40))
    task.last_report_on = task.plan_reports[-1] if task.plan_reports else None
    task.plan_co_unit = rng.random() < 0.2
    return task


def _details(rng: random.Random, tasks: list[Task], liaisons: dict[int, User], units: dict[int, list[Unit]]) -> None:
    co_model = Task.co_units.through
    Milestone.objects.bulk_create([Milestone(task=t, name=name, due_on=due, done_on=done) for t in tasks
                                   for name, due, done in t.plan_milestones], batch_size=BATCH)
    ProgressReport.objects.bulk_create([
        ProgressReport(task=t, author=liaisons[t.lead_unit_id], unit_id=t.lead_unit_id, reported_on=day,
                       created_at=_at(day), text="按计划推进", percent=50) for t in tasks for day in t.plan_reports],
        batch_size=BATCH)
    # a co-operating unit of the same district for one task in five
    co_model.objects.bulk_create([co_model(task_id=t.pk, unit_id=rng.choice(units[t.lead_unit.parent_id]).pk,
                                           district_id=t.district_id)
                                  for t in tasks if t.plan_co_unit], batch_size=BATCH, ignore_conflicts=True)


@transaction.atomic
def generate(*, tasks: int, districts: int, seed: int = 2026) -> Province:
    """`tasks` tasks spread over `districts` districts of UNITS_PER_DISTRICT units each."""
    rng = random.Random(seed)
    root = Unit.objects.create(name="基准省", kind="region", path="")
    root.path = f"/{root.pk}/"
    root.save(update_fields=["path"])
    district_units, units = _units(root, districts)
    supervisor, liaisons = _people(root, units)
    programmes = [Programme(name=f"{d.name}2026年重点工作{k + 1}", year=2026, owner_unit=d)
                  for d in district_units for k in range(3)]
    programmes += [Programme(name=f"全省专项{k + 1}", year=2026, owner_unit=root) for k in range(2)]
    Programme.objects.bulk_create(programmes, batch_size=BATCH)
    programmes = list(Programme.objects.order_by("pk"))
    own = {d.pk: [p for p in programmes if p.owner_unit_id == d.pk] for d in district_units}
    shared = [p for p in programmes if p.owner_unit_id == root.pk]
    for start in range(0, tasks, BATCH):
        batch = []
        for i in range(start, min(tasks, start + BATCH)):
            district = district_units[i % districts]
            programme = rng.choice(own[district.pk] + shared)
            batch.append(_task(rng, i, programme, rng.choice(units[district.pk])))
        assign_districts(batch)  # what the services do before their inserts
        Task.objects.bulk_create(batch)  # SQLite 3.35+ and PostgreSQL return the new ids
        _details(rng, batch, liaisons, units)
    # The planner's statistics as an installation has them: autovacuum gathers PostgreSQL's a
    # minute later, the daily sweep SQLite's (duban.core.planner).
    if not refresh_planner_statistics():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Province(root, district_units, units, supervisor, liaisons, programmes)
