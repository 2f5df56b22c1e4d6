"""Assessment (考核): each unit starts a period at the base points; the rules an administrator edits
say what each fact costs. Every count is one grouped query, not a loop over tasks."""
import datetime as dt
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count, F

from duban.core import clock
from duban.core.errors import DomainError
from duban.core.eventlog import append_event
from duban.core.models import Event
from duban.supervision.models import AssessmentEntry, AssessmentRule, LadderStep, Notice, RuleApplies, Rung
from duban.supervision.periods import YEARS, period_bounds
from duban.tasks.lights import late_q
from duban.tasks.models import Task, TaskState

UNITS_AS_IDS = 500
EVER = dt.date(YEARS[0], 1, 1)  # before any task: counting from here covers a task's whole life


def overdue_in(start: dt.date, end: dt.date, programme=None):
    """Assigned tasks whose deadline fell in the period and passed unmet (lights.late_q)."""
    as_of = min(end, clock.today())
    return (_of(Task.objects.all(), programme).exclude(state__in=[TaskState.CANCELLED, TaskState.DRAFT, TaskState.REVIEW])
            .filter(deadline__gte=start, deadline__lte=end, deadline__lt=as_of).filter(late_q(as_of)))


def _of(qs, programme, path: str = "programme"):
    """Only the rows of one programme's tasks, when a ranking is about one programme."""
    return qs if programme is None else qs.filter(**{path: programme})


def _facts(start: dt.date, end: dt.date, unit_ids, programme=None) -> dict[str, Counter]:
    facts: dict[str, Counter] = defaultdict(Counter)
    _lead_facts(facts, start, end, "lead_unit_id", unit_ids, programme)
    overdue = overdue_in(start, end, programme)
    for row in overdue.filter(co_units__in=unit_ids).values("co_units").annotate(n=Count("pk")):
        facts["overdue_co"][row["co_units"]] = row["n"]
    if programme is None:  # a recorded entry belongs to a unit, not to one programme's tasks
        entries = AssessmentEntry.objects.filter(on__range=(start, end), unit_id__in=unit_ids)
        for row in entries.values("rule__code", "unit_id").annotate(n=Count("pk")):
            facts[row["rule__code"]][row["unit_id"]] += row["n"]
    return facts


def _lead_facts(facts, start, end, by: str, keys, programme=None) -> None:
    """The facts a task costs its lead unit, counted per `by` of the task: "lead_unit_id" for the
    units' scores, "id" for each task's own share in the ledger. One definition serves both."""
    returned = Event.objects.filter(action="task.closure_returned", at__date__range=(start, end)).values("task_id")
    red = Notice.objects.filter(color="red", issued_on__range=(start, end))
    for code, qs, path in (("overdue_lead", overdue_in(start, end, programme), ""),
                           ("false_report", _of(Task.objects.filter(pk__in=returned), programme), ""),
                           ("notice_red", _of(red, programme, "task__programme"), "task__")):
        rows = qs.filter(**{f"{path}{by}__in": keys}).values(f"{path}{by}").annotate(n=Count("pk"))
        for key, n in rows.values_list(f"{path}{by}", "n"):
            facts[code][key] += n
    _report_facts(facts, start, end, by, keys, programme)


def _report_facts(facts, start, end, by: str, keys, programme=None) -> None:
    """A flagged lapse answered by a report within the period is late (迟报); unanswered, missed (漏报)."""
    stale = _of(LadderStep.objects.filter(rung=Rung.STALE, fired_on__range=(start, end),
                                          **{f"task__{by}__in": keys}), programme, "task__programme")
    late = stale.filter(task__reports__reported_on__gte=F("fired_on"), task__reports__reported_on__lte=end)
    late_ids = set(late.values_list("pk", flat=True))
    for pk, key in stale.values_list("pk", f"task__{by}"):
        facts["late_report" if pk in late_ids else "missed_report"][key] += 1


def task_costs(task_ids, *, today: dt.date | None = None) -> dict[int, int]:
    """Per task: the points it has cost (or earned) its lead unit under the active rules, over its
    whole life up to `today` — the ledger's 考评得分. A few grouped queries for all the ids."""
    rules = {r.code: r.points for r in AssessmentRule.objects.filter(active=True).exclude(code="base")}
    facts: dict[str, Counter] = defaultdict(Counter)
    _lead_facts(facts, EVER, today or clock.today(), "id", list(task_ids))
    return {pk: sum(points * facts[code][pk] for code, points in rules.items()) for pk in task_ids}


def assessment_scores(units_qs, period, *, programme=None) -> list[dict]:
    """Per unit: score, the counted facts with their points, ranked best first; only one programme's
    facts when `programme` is given, as a bulletin about that programme ranks."""
    start, end = period_bounds(period)
    units = list(units_qs)
    rules = {r.code: r for r in AssessmentRule.objects.filter(active=True)}
    base = rules.pop("base").points if "base" in rules else 100
    # A district's few dozen units as ids, which the database looks up in the lead-unit index; a
    # province's thousands as a subquery, not thousands of ids written into each of the facts' queries.
    ids = [u.pk for u in units]
    facts = _facts(start, end, ids if len(ids) <= UNITS_AS_IDS else units_qs.order_by().values("pk"), programme)
    rows = []
    for unit in units:
        items = [{"code": code, "name": rule.name, "count": facts[code][unit.pk], "points": rule.points,
                  "total": rule.points * facts[code][unit.pk]} for code, rule in rules.items()
                 if facts[code][unit.pk]]
        rows.append({"unit": unit.name, "unit_id": unit.pk, "score": base + sum(i["total"] for i in items),
                     "items": items})
    rows.sort(key=lambda r: (-r["score"], r["unit"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return rows


def assessment_panel(user, *, limit: int = 10) -> dict:
    """This month's scores of the units leading the tasks a user sees: the battle map's panel."""
    from duban.tasks.access import lead_units_of, tasks_visible_to

    today = clock.today()
    period = f"{today.year}-{today.month:02d}"
    units = lead_units_of(tasks_visible_to(user))
    rows = assessment_scores(units, period)
    return {"period": period, "rows": rows[:limit], "total": len(rows)}


@transaction.atomic
def assessment_entry_record(*, actor, unit, code: str, on, reason: str, source: str = "",
                            automatic: bool = False) -> AssessmentEntry | None:
    """Record a bonus or deduction for a unit under an entry rule; a supervisor of the unit only.
    An automatic entry (a published case, a rating) is skipped when an admin has removed or
    disabled its rule."""
    from duban.tasks.access import supervises_unit

    rule = AssessmentRule.objects.filter(code=code, applies_to=RuleApplies.ENTRY).first()
    if automatic and (rule is None or not rule.active):
        return None
    if rule is None:
        raise DomainError(f"没有名为「{code}」的登记类考核规则", field="rule")
    if actor is not None and not supervises_unit(actor, unit):
        raise DomainError(f"您不督查「{unit.name}」，不能为它登记考核加减分", field="unit")
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise DomainError("请写明加减分事由，最长300字", field="reason")
    if source and AssessmentEntry.objects.filter(rule=rule, unit=unit, source=source).exists():
        raise DomainError("这一事实已登记过考核加减分")
    entry = AssessmentEntry.objects.create(unit=unit, rule=rule, on=on, reason=reason, source=source,
                                           created_by=getattr(actor, "username", "system"), created_at=clock.now())
    append_event(actor=entry.created_by, action="assessment.entry_recorded",
                 payload={"unit": unit.name, "rule": code, "on": on.isoformat(), "reason": reason, "source": source})
    return entry
