"""A printable 督办单 for one supervision notice: its number, the task, why it was issued, and by
when the lead unit must answer before the ladder's next rung."""
import re
from pathlib import Path

from duban.core.errors import NotFound
from duban.core.workdays import add_workdays
from duban.supervision.docs import add_paragraph, add_signature, add_table, new_document
from duban.supervision.models import Notice
from duban.supervision.rules import ladder_of
from duban.tasks.access import tasks_visible_to


def notice_by_id(user, notice_id: int) -> Notice:
    notice = Notice.objects.filter(pk=notice_id, task__in=tasks_visible_to(user).values("pk")).first()
    if notice is None:
        raise NotFound("督办单不存在")
    return notice


def notice_for(user, number: str) -> Notice:
    """Find a notice by its number (钱督〔2026〕12号) among the tasks a user sees; else not found."""
    match = re.fullmatch(r"(.+)〔(\d{4})〕(\d+)号", str(number).strip())
    notice = None
    if match:
        notice = (Notice.objects.select_related("task__lead_unit", "task__programme__owner_unit",
                                                "task__responsible_leader")
                  .filter(prefix=match[1], year=int(match[2]), seq=int(match[3]),
                          task__in=tasks_visible_to(user).values("pk")).first())
    if notice is None:
        raise NotFound(f"督办单 {number} 不存在")
    return notice


def notice_answer_by(notice: Notice):
    """The day the lead unit must answer: the working days the ladder leaves before it escalates."""
    ladder = ladder_of(notice.task.programme)
    return add_workdays(notice.issued_on, max(1, ladder.escalate - ladder.notice))


def notice_docx(*, user, number: str, out) -> Path:
    notice = notice_for(user, number)
    task = notice.task
    co_units = "、".join(u.name for u in task.co_units.order_by("path")) or "无"
    leader = str(task.responsible_leader) if task.responsible_leader else "—"
    doc = new_document(f"{notice.get_color_display()}督办单", number=notice.number,
                       recipients=task.lead_unit.name)
    add_paragraph(doc, f"你单位牵头的督办事项「{task.title}」{notice.reason}，现予{notice.get_color_display()}督办。")
    add_table(doc, ["项目", "内容"], [
        ["事项编号", task.code or task.pk], ["督办项目", task.programme.name], ["牵头单位", task.lead_unit.name],
        ["配合单位", co_units], ["责任领导", leader], ["完成时限", task.deadline or "长期"],
        ["督办事由", notice.reason]])
    answer_by = notice_answer_by(notice)
    add_paragraph(doc, f"请于{answer_by.year}年{answer_by.month}月{answer_by.day}日前办结或书面报送办理进展，"
                       "逾期未办结的，将报告责任领导。")
    add_signature(doc, task.programme.owner_unit.name, notice.issued_on)
    path = Path(out)
    doc.save(path)
    return path
