"""Inspection rectification services: every page and command goes through these."""
from duban.inspection.services.feedback import feedback_create, problem_add, problem_link
from duban.inspection.services.plan import measure_add, rectification_plan_approve, rectification_plan_start

__all__ = ["feedback_create", "measure_add", "problem_add", "problem_link", "rectification_plan_approve",
           "rectification_plan_start"]
