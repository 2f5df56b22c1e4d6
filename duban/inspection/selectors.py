"""Reads of inspection work as a user may see them: feedback to units the user supervises or leads."""
from django.utils.translation import gettext

from duban.audit.access import can_read
from duban.core.errors import NotFound
from duban.inspection.models import Feedback


def feedback_visible_to(user) -> list[Feedback]:
    qs = Feedback.objects.select_related("programme", "inspected_unit", "report_task", "plan")
    return [f for f in qs if can_read(user, f.inspected_unit, f.programme)]


def access_feedback(user, feedback_id) -> Feedback:
    try:
        pk = int(feedback_id)
    except (TypeError, ValueError):
        pk = -1
    found = Feedback.objects.select_related("programme", "inspected_unit", "report_task", "plan").filter(pk=pk).first()
    if found is None or not can_read(user, found.inspected_unit, found.programme):
        raise NotFound(gettext("巡视反馈 %(id)s 不存在") % {"id": feedback_id})
    return found
