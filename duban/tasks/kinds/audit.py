"""审计整改: findings of an audit, rectified under the audit office's eye.

The audit office's auditors supervise these tasks alongside the supervisors (and only these:
an auditor supervises no other kind), and the ledger is the 整改台账.
"""
from duban.org.models import Role
from duban.tasks.kinds.base import Kind
from duban.tasks.kinds.rectification import RECTIFICATION_FIELDS

KIND = Kind(name="audit", label="审计整改", default_source="audit_finding", reviewer_role=Role.AUDITOR,
            extra_fields=RECTIFICATION_FIELDS, ledger_columns="rectification")
