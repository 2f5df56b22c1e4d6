"""Reads of the catalogue: its rows as published, with each decision's progress through its steps."""
from duban.decisions.models import Catalogue, Decision
from duban.tasks.access import supervises_programme, tasks_visible_to
from duban.tasks.kinds.decision import STEP_LABELS

HEADERS = ["序号", "决策事项名称", "承办单位", "法律依据", "决策事项程序", "是否需听证", "计划决策时间"]


def decisions_for(user, catalogue: Catalogue):
    """All of a catalogue for its keepers; the decisions whose task a user sees, for everyone else."""
    qs = catalogue.decisions.select_related("unit", "task").prefetch_related("steps")
    if supervises_programme(user, catalogue.programme):
        return qs
    return qs.filter(task__in=tasks_visible_to(user).values("pk"))


def catalogues_for(user):
    return [c for c in Catalogue.objects.select_related("programme__owner_unit").order_by("-year")
            if supervises_programme(user, c.programme) or decisions_for(user, c).exists()]


def published_row(decision: Decision) -> list:
    steps = "、".join(STEP_LABELS[s.step] for s in decision.steps.all() if s.required)
    return [decision.seq, decision.name, decision.unit.name, decision.legal_basis, steps,
            "是" if decision.hearing else "否", f"{decision.planned_on.year}年{decision.planned_on.month}月"]


def progress(decision: Decision) -> str:
    """Where a decision stands: the steps done of those required, and the next one."""
    required = [s for s in decision.steps.all() if s.required]
    done = [s for s in required if s.done_on]
    upcoming = next((STEP_LABELS[s.step] for s in required if not s.done_on), None)
    if decision.task_id is None:
        return "待目录审定"
    return f"已完成{len(done)}/{len(required)}项" + (f"，下一步：{upcoming}" if upcoming else "，法定程序已完成")
