"""The columns of the two ledger layouts, with the header names offices use for each.

A column with a `field` is read on import; the others (sign-off dates, light, urges …) report the
loop's state, are written on export and ignored on import: they change only through the loop.
"""
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str
    field: str | None = None          # the import key; None: written on export only
    synonyms: tuple[str, ...] = ()
    width: int = 14
    kind: str = "text"                # text | date | light | number


C = Column
CODE = C("编号", "code", ("事项编号", "问题编号", "任务编号"), 12)
SOURCE = C("来源类型", "source_kind", ("事项来源", "来源", "问题来源"), 12)
SOURCE_REF = C("来源文件/文号", "source_ref", ("来源文件", "文号", "交办文号", "来源文件文号", "依据文件"), 22)
TEXT = C("事项内容", "text", ("督办事项", "工作任务", "任务内容", "重点任务", "工作内容"), 40)
TITLE = C("事项名称", "title", ("任务名称", "问题名称"), 30)
INSTRUCTION = C("交办领导/批示", None, ("领导批示", "批示"), 20)
LEAD = C("牵头单位", "lead_unit", ("责任单位", "主责单位", "牵头部门", "责任部门", "整改责任单位", "承办单位"), 18)
LEADER = C("责任领导", "responsible_leader", ("分管领导", "牵头领导", "整改责任领导"), 10)
PERSON = C("责任人", "responsible_person", ("具体责任人", "联系人", "经办人", "整改责任人"), 10)
CO = C("配合单位", "co_units", ("协办单位", "配合部门", "协同单位", "参与单位"), 18)
DEADLINE = C("完成时限", "deadline", ("办结时限", "整改时限", "完成时间", "截止时间", "整改期限", "时限"), 12, "date")
MILESTONES = C("节点计划", "milestones", ("时间节点", "进度安排", "节点安排", "节点"), 28)
SIGNED = C("签收时间", None, ("签收日期",), 12, "date")
LATEST = C("最新进展/报送日期", None, ("最新进展", "进展情况", "工作进展"), 36)
EVIDENCE = C("佐证材料", None, ("附件",), 20)
LIGHT = C("灯色", None, ("亮灯", "预警"), 22, "light")
URGES = C("催办次数", None, (), 8, "number")
CLOSURE_ASKED = C("办结申请日期", None, ("销号申请日期",), 12, "date")
REVIEW = C("复核意见", None, ("审核意见",), 22)
CLOSED = C("销号日期", None, ("办结日期",), 12, "date")
SCORE = C("考评得分", None, ("得分",), 8, "number")
REMARKS = C("备注", "remarks", ("说明",), 20)
PROGRAMME = C("督办项目", "programme", ("所属项目", "项目名称"), 22)

CATEGORY = C("问题类别", "problem_category", ("问题类型", "问题分类"), 12)
PROBLEM = C("问题描述", "text", ("问题表现", "存在问题", "问题内容"), 40)
CLASS = C("整改类型", "rectification_class", ("整改类别", "整改分类"), 12)
GOALS = C("整改目标", "targets", ("目标任务",), 22)
MEASURES = C("整改措施", "measures", ("整改举措", "具体措施"), 30)
PROGRESS = C("完成情况", None, ("整改情况", "整改进展"), 14)
RESULTS = C("成效数据", None, ("整改成效",), 20)
RECHECK = C("回头看结果", None, ("回头看",), 16)
PUBLISHED = C("公开情况", None, ("是否公开",), 10)

SUPERVISION = (CODE, SOURCE, SOURCE_REF, TEXT, INSTRUCTION, LEAD, LEADER, PERSON, CO, DEADLINE, MILESTONES,
               SIGNED, LATEST, EVIDENCE, LIGHT, URGES, CLOSURE_ASKED, REVIEW, CLOSED, SCORE, REMARKS, PROGRAMME)
RECTIFICATION = (CODE, SOURCE, SOURCE_REF, CATEGORY, PROBLEM, CLASS, INSTRUCTION, LEAD, LEADER, PERSON, CO,
                 GOALS, MEASURES, DEADLINE, MILESTONES, SIGNED, LATEST, PROGRESS, RESULTS, EVIDENCE, LIGHT,
                 URGES, CLOSURE_ASKED, REVIEW, CLOSED, RECHECK, PUBLISHED, SCORE, REMARKS, PROGRAMME)
LAYOUT_NAMES = {SUPERVISION: "督办台账", RECTIFICATION: "整改台账"}

_NOISE = re.compile(r"[\s*＊:：]|[(（][^)）]*[)）]")


def normalise(header) -> str:
    """'完成时限\n（年月日）*' → '完成时限': offices decorate headers with notes and marks."""
    return _NOISE.sub("", str(header or ""))


def _index() -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in {*SUPERVISION, *RECTIFICATION, TITLE}:
        for name in (column.header, *column.synonyms):
            index.setdefault(normalise(name), column)
    return index


BY_NAME = _index()


def column_for(header) -> Column | None:
    return BY_NAME.get(normalise(header))
