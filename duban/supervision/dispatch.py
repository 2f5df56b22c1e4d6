"""调度会材料: each open task of a programme, its latest report, its light, and what is asked."""
from pathlib import Path

from django.db.models import Prefetch

from duban.core import clock
from duban.supervision.docs import add_heading, add_paragraph, add_signature, add_table, new_document
from duban.supervision.numbering import document_number_take
from duban.tasks.access import tasks_visible_to
from duban.tasks.models import ExtensionRequest, ExtensionState, ProgressReport, TaskState
from duban.tasks.selectors import lights_for, tasks_with_relations
from duban.tasks.services import programme_by_name

OPEN_WORK = (TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.CLOSURE_REQUESTED)


def _ask(task, light, pending_extension) -> str:
    """What the meeting is asked to decide or urge, in the order it matters."""
    if task.state == TaskState.CLOSURE_REQUESTED:
        return "已申请销号，请审核佐证材料"
    if pending_extension:
        return f"申请延期至{pending_extension.new_deadline.isoformat()}，请研究"
    if task.state == TaskState.ASSIGNED:
        return "尚未签收，请督促签收"
    if light.color == "red":
        return "请说明逾期原因，明确完成时间和措施"
    if light.color == "yellow":
        return "请加快进度，按时报送进展"
    return "按计划推进"


def dispatch_rows(*, user, programme: str) -> list[dict]:
    qs = tasks_visible_to(user).filter(programme=programme_by_name(programme), state__in=OPEN_WORK)
    tasks = list(tasks_with_relations(qs).prefetch_related(
        Prefetch("reports", queryset=ProgressReport.objects.order_by("-created_at", "-pk"), to_attr="recent"),
        Prefetch("extensions", queryset=ExtensionRequest.objects.filter(state=ExtensionState.PENDING),
                 to_attr="pending")).order_by("lead_unit__path", "deadline", "pk"))
    lights = lights_for(tasks)
    rows = []
    for task in tasks:
        latest = task.recent[0] if task.recent else None
        rows.append({
            "task": task, "light": lights[task.pk],
            "latest": f"{latest.reported_on.isoformat()}（{latest.percent}%）{latest.text}" if latest else "尚未报送",
            "ask": _ask(task, lights[task.pk], task.pending[0] if task.pending else None)})
    return rows


def dispatch_docx(*, user, programme: str, out, number: str | None = None) -> Path:
    rows = dispatch_rows(user=user, programme=programme)
    owner, today = programme_by_name(programme), clock.today()
    number = number or document_number_take(kind="dispatch", year=today.year, programme=owner)
    doc = new_document(f"{programme}调度会材料", number=number)
    red = sum(r["light"].color == "red" for r in rows)
    add_paragraph(doc, f"截至{today.year}年{today.month}月{today.day}日，在办事项{len(rows)}项，其中红灯{red}项。"
                       "以下按牵头单位排列，逐项列明最新进展和提请会议研究的事项。")
    add_heading(doc, "在办事项一览")
    add_table(doc, ["编号", "事项", "牵头单位", "完成时限", "灯色", "最新进展", "提请事项"],
              [[r["task"].code or r["task"].pk, r["task"].title, r["task"].lead_unit.name,
                r["task"].deadline or "长期", f"{r['light'].label}（{r['light'].reason}）", r["latest"], r["ask"]]
               for r in rows])
    add_signature(doc, owner.owner_unit.name, today)
    path = Path(out)
    doc.save(path)
    return path
