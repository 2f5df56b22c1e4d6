"""巡视整改: feedback of an inspection tour, kept in the 整改台账.

A problem's task runs only under a rectification plan the leader has approved; the feedback's
rectification report falls due `report_due_months` (a programme setting) after the feedback.
"""
import calendar
import datetime as dt

from django.utils.translation import gettext, gettext_noop

from duban.core.errors import DomainError
from duban.tasks.kinds.base import Kind
from duban.tasks.kinds.rectification import RECTIFICATION_FIELDS
from duban.tasks.programme_settings import DEFAULTS

PLAN_NOT_APPROVED = gettext_noop("整改落实方案尚未经领导审批，不能实施")
RUNNING_PLANS = ("approved", "started")


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class InspectionKind(Kind):
    def report_due_on(self, programme, feedback_on: dt.date) -> dt.date:
        months = int((programme.settings or {}).get("report_due_months", DEFAULTS["report_due_months"]))
        return add_months(feedback_on, months)

    def gate(self, action: str, task, actor, **params) -> None:
        super().gate(action, task, actor, **params)
        if action == "assign" and task.inspection_problems.exclude(
                feedback__plan__state__in=RUNNING_PLANS).exists():
            raise DomainError(gettext(PLAN_NOT_APPROVED))


KIND = InspectionKind(name="inspection", label="巡视整改", default_source="inspection_feedback",
                      extra_fields=RECTIFICATION_FIELDS, ledger_columns="rectification")
