"""Assessment (考核): each unit starts a period at the base points; the rules an administrator edits
say what each fact costs. Every count is one grouped query, not a loop over tasks."""
import calendar as pycalendar
import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, F

from duban.core import clock
from duban.core.errors import DomainError
from duban.core.models import Event
from duban.supervision.models import AssessmentRule, LadderStep, Notice, Rung
from duban.tasks.lights import late_q
from duban.tasks.models import Task, TaskState


def period_bounds(period) -> tuple[dt.date, dt.date]:
    """'2026-04' → the first and last day of April 2026; a (start, end) pair passes through."""
    if isinstance(period, tuple):
        return period
    try:
        year, month = (int(p) for p in str(period).split("-"))
        return dt.date(year, month, 1), dt.date(year, month, pycalendar.monthrange(year, month)[1])
    except (ValueError, TypeError):
        raise DomainError(f"期间应为 YYYY-MM 格式，如 2026-04，收到「{period}」") from None


def overdue_in(start: dt.date, end: dt.date):
    """Assigned tasks whose deadline fell in the period and passed unmet (lights.late_q)."""
    as_of = min(end, clock.today())
    return (Task.objects.exclude(state__in=[TaskState.CANCELLED, TaskState.DRAFT, TaskState.REVIEW])
            .filter(deadline__gte=start, deadline__lte=end, deadline__lt=as_of).filter(late_q(as_of)))


def _facts(start: dt.date, end: dt.date, unit_ids) -> dict[str, Counter]:
    facts: dict[str, Counter] = defaultdict(Counter)
    overdue = overdue_in(start, end)
    for row in overdue.filter(lead_unit_id__in=unit_ids).values("lead_unit_id").annotate(n=Count("pk")):
        facts["overdue_lead"][row["lead_unit_id"]] = row["n"]
    for row in overdue.filter(co_units__in=unit_ids).values("co_units").annotate(n=Count("pk")):
        facts["overdue_co"][row["co_units"]] = row["n"]
    returned = Event.objects.filter(action="task.closure_returned", at__date__range=(start, end)).values("task_id")
    for row in (Task.objects.filter(pk__in=returned, lead_unit_id__in=unit_ids)
                .values("lead_unit_id").annotate(n=Count("pk"))):
        facts["false_report"][row["lead_unit_id"]] = row["n"]
    red = Notice.objects.filter(color="red", issued_on__range=(start, end), task__lead_unit_id__in=unit_ids)
    for row in red.values("task__lead_unit_id").annotate(n=Count("pk")):
        facts["notice_red"][row["task__lead_unit_id"]] = row["n"]
    _report_facts(facts, start, end, unit_ids)
    return facts


def _report_facts(facts, start, end, unit_ids) -> None:
    """A flagged lapse answered by a report within the period is late (迟报); unanswered, missed (漏报)."""
    stale = LadderStep.objects.filter(rung=Rung.STALE, fired_on__range=(start, end),
                                      task__lead_unit_id__in=unit_ids)
    late = stale.filter(task__reports__reported_on__gte=F("fired_on"), task__reports__reported_on__lte=end)
    late_ids = set(late.values_list("pk", flat=True))
    for pk, unit_id in stale.values_list("pk", "task__lead_unit_id"):
        facts["late_report" if pk in late_ids else "missed_report"][unit_id] += 1


def assessment_scores(units_qs, period) -> list[dict]:
    """Per unit: score, the counted facts with their points, ranked best first."""
    start, end = period_bounds(period)
    units = list(units_qs)
    rules = {r.code: r for r in AssessmentRule.objects.filter(active=True)}
    base = rules.pop("base").points if "base" in rules else 100
    facts = _facts(start, end, [u.pk for u in units])
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
    from duban.org.models import Unit
    from duban.tasks.access import tasks_visible_to

    today = clock.today()
    period = f"{today.year}-{today.month:02d}"
    units = Unit.objects.filter(pk__in=tasks_visible_to(user).values("lead_unit_id"))
    rows = assessment_scores(units, period)
    return {"period": period, "rows": rows[:limit], "total": len(rows)}
