"""审计整改: findings of an audit, rectified under the audit office's eye.

The audit office's auditors supervise these tasks alongside the supervisors (and only these:
an auditor supervises no other kind), and the ledger is the 整改台账. A 分阶段整改 finding is
assigned only with its stages; a finding's task closes only after the audit office has checked
its evidence (`duban.audit`'s `finding_check`): the supervisor alone cannot close it.
"""
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from duban.core.errors import DomainError
from duban.org.models import Role
from duban.tasks.kinds.base import Kind
from duban.tasks.kinds.rectification import RECTIFICATION_FIELDS

STAGED = "staged"
STAGES_MISSING = gettext_noop("分阶段整改的问题须列出阶段节点（如 2026-06-30 完成清退）")
CHECK_MISSING = gettext_noop("审计整改事项须经审计机关核查佐证材料后方可销号")


def stages_problem(rectification_class: str, stage_count: int) -> str | None:
    """The one wording of the staged rule, for the loop and for a finding before its task exists."""
    return STAGES_MISSING if rectification_class == STAGED and stage_count == 0 else None


def evidence_checked(task) -> bool:
    """The audit office's latest check passed, and was made on or after the closure request."""
    check = task.audit_checks.order_by("-checked_at", "-pk").first()
    since = task.closure_requested_on
    return bool(check and check.passed and (since is None or timezone.localdate(check.checked_at) >= since))


class AuditKind(Kind):
    def gate(self, action: str, task, actor, **params) -> None:
        super().gate(action, task, actor, **params)
        if action == "assign":
            problem = stages_problem(task.rectification_class, task.milestones.count())
            if problem:
                raise DomainError(gettext(problem))
        if action == "approve" and task.audit_findings.exists() and not evidence_checked(task):
            raise DomainError(gettext(CHECK_MISSING))


KIND = AuditKind(name="audit", label="审计整改", default_source="audit_finding", reviewer_role=Role.AUDITOR,
                 extra_fields=RECTIFICATION_FIELDS, ledger_columns="rectification")
