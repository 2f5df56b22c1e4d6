"""Who hears about a person's action on a task, and what they read.

Called with the action's event inside the action's transaction, so the outbox rows commit (or roll
back) with the change itself; each row's key names the event, so nothing is told twice.
"""
from dataclasses import dataclass

from duban.supervision.models import OutboxMessage
from duban.supervision.notify import Directory, md, messages_for


@dataclass(frozen=True)
class Tidings:
    tag: str                  # the title's 【…】
    lead: bool = False        # the lead unit's liaisons
    co: bool = False          # the co-operating units' liaisons
    leader: bool = False      # the responsible leader
    supervisors: bool = False  # the supervisors nearest the task's unit

    @property
    def robots(self) -> bool:
        # A unit's and programme's chat groups hear what is addressed to the unit, not to the office.
        return self.lead


TIDINGS = {
    "task.assigned": Tidings("交办", lead=True, co=True),
    "task.review_approved": Tidings("交办", lead=True, co=True),
    "task.submitted_for_review": Tidings("待领导审核", leader=True),
    "task.review_returned": Tidings("领导审核退回", supervisors=True),
    "task.closure_requested": Tidings("销号申请", supervisors=True),
    "task.closure_returned": Tidings("退回", lead=True),
    "task.closure_approved": Tidings("销号", lead=True, co=True, leader=True),
    "task.extension_requested": Tidings("延期申请", supervisors=True),
    "task.extension_approved": Tidings("同意延期", lead=True),
    "task.extension_refused": Tidings("不同意延期", lead=True),
    "task.urged": Tidings("催办", lead=True, co=True),
    "task.instructed": Tidings("领导批示", lead=True, co=True, supervisors=True),
    "task.recheck_rebound": Tidings("问题反弹", lead=True, co=True, leader=True),
    "task.updated": Tidings("事项调整", lead=True),
}


def _what(event, task) -> str:
    p = event.payload
    words = {
        "task.assigned": lambda: f"已交办{task.lead_unit.name}牵头办理" + (
            f"，完成时限{md(task.deadline)}" if task.deadline else "，长期坚持"),
        "task.submitted_for_review": lambda: "已提交您审核，审核同意后交办",
        "task.review_returned": lambda: f"责任领导审核未同意，退回拟办，理由：{p.get('reason', '')}",
        "task.closure_requested": lambda: f"{task.lead_unit.name}申请销号，请审核" + _said(p.get("text")),
        "task.closure_returned": lambda: f"销号申请被退回，理由：{p.get('reason', '')}",
        "task.closure_approved": lambda: "已审核销号" + _said(p.get("comment")),
        "task.extension_requested": lambda: f"申请延期至{md(task_date(p['new_deadline']))}，理由：{p.get('reason', '')}",
        "task.extension_approved": lambda: f"同意延期，完成时限改为{md(task.deadline)}" + _said(p.get("comment")),
        "task.extension_refused": lambda: f"不同意延期，理由：{p.get('reason', '')}",
        "task.urged": lambda: f"催办：{p.get('text', '')}",
        "task.instructed": lambda: f"{event.actor}批示：{p.get('text', '')}",
        "task.recheck_rebound": lambda: f"回头看发现问题反弹：{p.get('comment', '')}；重新办理，完成时限{md(task.deadline)}",
        "task.updated": lambda: "事项调整：" + "；".join(describe_changes(p.get("changed", {}))),
    }
    words["task.review_approved"] = words["task.assigned"]
    return words[event.action]()


def task_date(value):
    import datetime as dt

    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _said(text) -> str:
    return f"，意见：{text}" if text else ""


FIELD_WORDS = {
    "title": "事项名称", "content": "事项内容", "source_kind": "来源类型", "source_ref": "来源文件",
    "lead_unit": "牵头单位", "co_units": "配合单位", "responsible_leader": "责任领导",
    "responsible_person": "责任人", "deadline": "完成时限", "milestones": "时间节点", "targets": "指标",
    "problem_category": "问题类别", "rectification_class": "整改类型", "measures": "整改措施", "remarks": "备注",
}


def _shown(value) -> str:
    if value in (None, "", []):
        return "无"
    if isinstance(value, list | tuple):
        return "、".join(_shown(v) if not isinstance(v, list | tuple) else " ".join(map(str, v)) for v in value)
    return str(value)


def describe_changes(changed: dict) -> list[str]:
    """A `task.updated` event's changes in words: 「完成时限」2026-05-01 → 2026-06-01."""
    return [f"「{FIELD_WORDS.get(name, name)}」{_shown(old)} → {_shown(new)}" for name, (old, new) in changed.items()]


def notify_event(event, task) -> list[OutboxMessage]:
    """Write the outbox rows an action's event calls for (none for actions nobody needs to hear of)."""
    tidings = TIDINGS.get(event.action)
    if tidings is None or (event.action == "task.updated" and task.state in ("draft", "review")):
        return []  # a plan still being drafted concerns no one outside the office
    directory = Directory([task])
    people = directory.audience(task, lead=tidings.lead, co=tidings.co, leader=tidings.leader,
                                supervisors=tidings.supervisors)
    people = [u for u in people if u.username != event.actor]  # no one is told of their own action
    rows = messages_for(cause=f"event:{event.pk}", task=task, rung="", title=f"【{tidings.tag}】{task.title}"[:200],
                        text=f"{task.code or task.pk}「{task.title}」{_what(event, task)}", directory=directory,
                        people=people, robots=tidings.robots)
    return OutboxMessage.objects.bulk_create(rows)
