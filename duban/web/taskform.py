"""The task forms (新建, 修改, 分解): what they offer and how a posted form becomes the services'
keyword arguments. Every rule stays in the services; a refusal comes back beside the form."""
import datetime as dt

from duban.core.errors import DomainError
from duban.org.models import Membership, Role, Unit
from duban.tasks.access import memberships_of
from duban.tasks.models import Programme, SourceKind, Task
from duban.tasks.services.updates import task_values

BLANK_MILESTONES = 3
BLANK_TARGETS = 2


def _jurisdictions(user) -> list[str]:
    return [m.unit.path for m in memberships_of(user) if m.role in (Role.SUPERVISOR, Role.AUDITOR)]


def may_create(user) -> bool:
    return bool(_jurisdictions(user))


def choices(user) -> dict:
    """Programmes, units and leaders a supervisor may plan with: those of its jurisdictions."""
    paths = _jurisdictions(user)
    units = [u for u in Unit.objects.order_by("path") if any(u.path.startswith(p) for p in paths)]
    # A programme run from above (e.g. the city's) also takes tasks of this jurisdiction.
    programmes = [p for p in Programme.objects.select_related("owner_unit")
                  if any(p.owner_unit.path.startswith(j) or j.startswith(p.owner_unit.path) for j in paths)]
    leaders = {m.user.username: m.user for m in Membership.objects.filter(role=Role.LEADER).select_related("user", "unit")
               if any(m.unit.path.startswith(p) or p.startswith(m.unit.path) for p in paths) and m.user.is_active}
    return {"programmes": programmes, "units": units, "leaders": sorted(leaders.values(), key=lambda u: u.username),
            "sources": SourceKind.choices}


def _date(value: str, field: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DomainError(f"「{field}」不是日期，请按 年-月-日 填写：{value}", field=field) from None


def _rows(post, *names) -> list[tuple]:
    columns = [post.getlist(n) for n in names]
    width = max((len(c) for c in columns), default=0)
    rows = [tuple((c[i] if i < len(c) else "").strip() for c in columns) for i in range(width)]
    return [row for row in rows if any(row)]


def milestones_of(post) -> list[dict]:
    """Each node by its date, or by working days before the deadline (倒排)."""
    result = []
    for name, due, before in _rows(post, "m_name", "m_due", "m_before"):
        if before and not due:
            if not before.isdigit():
                raise DomainError(f"节点「{name}」的倒排工作日数应为整数：{before}", field="milestones")
            result.append({"name": name, "workdays_before": int(before)})
        else:
            result.append({"name": name, "due_on": _date(due, f"节点「{name}」日期")})
    return result


def targets_of(post) -> list[dict]:
    return [{"metric": metric, "target": value or None, "unit_of_measure": unit}
            for metric, value, unit in _rows(post, "t_metric", "t_value", "t_unit")]


def plan_values(post) -> dict:
    """The fields a task's plan has in both forms, as `task_create` and `task_edit` take them."""
    return {
        "title": post.get("title", ""), "content": post.get("content", ""),
        "source_kind": post.get("source_kind") or SourceKind.PLAN, "source_ref": post.get("source_ref", ""),
        "lead_unit": post.get("lead_unit", ""), "co_units": [n for n in post.getlist("co_units") if n],
        "responsible_leader": post.get("responsible_leader") or None,
        "responsible_person": post.get("responsible_person", ""),
        "deadline": _date(post.get("deadline"), "完成时限"),
        "milestones": milestones_of(post), "targets": targets_of(post),
    }


def programme_name(value: str) -> str | None:
    programme = Programme.objects.filter(pk=value).first() if (value or "").isdigit() else None
    return programme.name if programme else None


def initial_of(task: Task) -> dict:
    """A task's plan as the edit form shows it."""
    values = task_values(task)
    values["deadline"] = task.deadline.isoformat() if task.deadline else ""
    values["milestones"] = [{"name": m.name, "due_on": m.due_on.isoformat(), "before": m.workdays_before_deadline}
                            for m in task.milestones.all()]
    values["targets"] = [{"metric": t.metric, "value": t.target_value.normalize(), "unit": t.unit_of_measure}
                         for t in task.targets.all()]
    return values


def echo(post) -> dict:
    """What was typed, to show again beside a refusal."""
    values = {k: post.get(k, "") for k in ("title", "content", "source_kind", "source_ref", "lead_unit",
                                           "responsible_leader", "responsible_person", "deadline", "programme")}
    values["co_units"] = post.getlist("co_units")
    values["milestones"] = [{"name": n, "due_on": d, "before": b} for n, d, b in _rows(post, "m_name", "m_due", "m_before")]
    values["targets"] = [{"metric": m, "value": v, "unit": u} for m, v, u in _rows(post, "t_metric", "t_value", "t_unit")]
    return values


def with_blanks(values: dict) -> dict:
    values = dict(values)
    values["milestone_rows"] = list(values.get("milestones") or []) + [{}] * BLANK_MILESTONES
    values["target_rows"] = list(values.get("targets") or []) + [{}] * BLANK_TARGETS
    return values
