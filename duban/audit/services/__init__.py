"""Audit rectification services: every page, command and import goes through these."""
from duban.audit.services.findings import finding_check, finding_create
from duban.audit.services.plans import (
           audit_plan_adjust,
           audit_plan_approve,
           audit_plan_create,
           audit_project_add,
)

__all__ = ["audit_plan_adjust", "audit_plan_approve", "audit_plan_create", "audit_project_add", "finding_check",
           "finding_create"]
