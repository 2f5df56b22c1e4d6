"""Inspection rectification (巡视/巡察整改): the feedback's problems verbatim, the rectification
plan approved before it runs, and the report due a set time after the feedback."""
from django.conf import settings
from django.db import models

from duban.org.models import Unit
from duban.tasks.models import Programme, Task


class Feedback(models.Model):
    """One inspection's feedback to one unit (巡视反馈意见)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="inspection_feedback")
    title = models.CharField(max_length=200, unique=True)
    inspected_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    feedback_on = models.DateField()
    # The rectification report due after the feedback, a task the supervision ladder watches.
    report_task = models.OneToOneField(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-feedback_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Problem(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="problems")
    seq = models.PositiveIntegerField()
    text = models.TextField()  # as the feedback words it
    category = models.CharField(max_length=100, blank=True)
    # Null until the plan starts; a problem linked to another source's task shares that task.
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="inspection_problems")

    class Meta:
        ordering = ["feedback", "seq"]
        constraints = [models.UniqueConstraint(fields=["feedback", "seq"], name="inspection_problem_unique_seq")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.text[:40]}"


class PlanState(models.TextChoices):
    DRAFT = "draft", "待审批"
    APPROVED = "approved", "已审批"
    STARTED = "started", "已实施"


class RectificationPlan(models.Model):
    """整改落实方案: measures per problem, approved by the leader before any of it runs."""

    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="plan")
    state = models.CharField(max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_on = models.DateField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)


class Measure(models.Model):
    plan = models.ForeignKey(RectificationPlan, on_delete=models.CASCADE, related_name="measures")
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="measures")
    text = models.TextField()
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    deadline = models.DateField()

    class Meta:
        ordering = ["problem__seq", "pk"]
