"""The three classes' deadlines and checkpoints as an audit programme sets them (programme
settings, defaults in tasks.programme_settings.DEFAULTS); what the loop itself asks of audit tasks (stages
before assignment, the audit office's check before closure) lives in tasks/kinds/audit.py."""
import datetime as dt

from duban.core.errors import DomainError
from duban.tasks.kinds.audit import stages_problem
from duban.tasks.models import RectificationClass
from duban.tasks.programme_settings import DEFAULTS

CLASS_BY_LABEL = {label: value for value, label in RectificationClass.choices}
METRIC_AMOUNT, METRIC_RULES, METRIC_ACCOUNTABILITY = "整改金额", "完善制度", "追责问责"
METRIC_UNITS = {METRIC_AMOUNT: "万元", METRIC_RULES: "项", METRIC_ACCOUNTABILITY: "人"}


def setting(programme, key: str) -> int:
    return int((programme.settings or {}).get(key, DEFAULTS[key]))


def class_deadline(programme, cls: str, *, today: dt.date, deadline: dt.date | None,
                   stages: list[dict]) -> dt.date | None:
    """The task's deadline for a finding's class; a staged finding must list its stages."""
    if cls == RectificationClass.IMMEDIATE:
        return deadline or today + dt.timedelta(days=setting(programme, "immediate_deadline_days"))
    if cls == RectificationClass.STAGED:
        problem = stages_problem(cls, len(stages or []))
        if problem:
            raise DomainError(problem, field="stages")
        return deadline or max(stage["due_on"] for stage in stages)
    if cls == RectificationClass.ONGOING:
        return deadline  # 长期坚持 when none is given
    raise DomainError(f"整改类型「{cls}」无效，可选：{'、'.join(CLASS_BY_LABEL)}", field="rectification_class")


def yearly_checkpoints(programme, *, today: dt.date, deadline: dt.date | None) -> list[dict]:
    """持续整改: a checkpoint at each year's end ahead, as many years as the programme says."""
    years = range(today.year, today.year + setting(programme, "ongoing_checkpoint_years"))
    return [{"name": f"{year}年度整改检查", "due_on": dt.date(year, 12, 31)} for year in years
            if dt.date(year, 12, 31) >= today and (deadline is None or dt.date(year, 12, 31) <= deadline)]

