"""The audit office's year: a project plan approved as a whole, its projects, the problems they
find (each rectified as a task of the plan's programme) and the office's check of the evidence."""
from django.conf import settings
from django.db import models

from duban.org.models import Unit
from duban.tasks.models import DistrictField, Programme, RectificationClass, Task


class PlanState(models.TextChoices):
    DRAFT = "draft", "待审定"
    APPROVED = "approved", "已审定"


class AuditPlan(models.Model):
    """年度审计项目计划: one per audit programme; its findings' tasks live in that programme."""

    programme = models.OneToOneField(Programme, on_delete=models.PROTECT, related_name="audit_plan")
    title = models.CharField(max_length=200)
    document_no = models.CharField(max_length=60, blank=True)  # 钱审〔2026〕5号
    state = models.CharField(max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-programme__year", "title"]

    def __str__(self) -> str:
        return self.title


class AuditProject(models.Model):
    plan = models.ForeignKey(AuditPlan, on_delete=models.CASCADE, related_name="projects")
    seq = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    project_type = models.CharField(max_length=60)
    objective = models.TextField(blank=True)
    scope_units = models.TextField(blank=True)
    scope_matters = models.TextField(blank=True)
    scope_period = models.CharField(max_length=100, blank=True)
    key_points = models.TextField(blank=True)
    schedule = models.CharField(max_length=100, blank=True)
    organising_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    implementing_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="audit_project_unique_name")]

    def __str__(self) -> str:
        return self.name


class PlanAdjustment(models.Model):
    """A change to an approved plan, with its ground and who approved it."""

    plan = models.ForeignKey(AuditPlan, on_delete=models.CASCADE, related_name="adjustments")
    change = models.TextField()
    ground = models.TextField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["approved_on", "pk"]


class Finding(models.Model):
    """审计查出问题; several findings (or other sources' problems) may share one task: 一体推进."""

    project = models.ForeignKey(AuditProject, on_delete=models.PROTECT, related_name="findings")
    seq = models.PositiveIntegerField()
    problem = models.TextField()
    category = models.CharField(max_length=100, blank=True)
    amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)  # 万元
    audited_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    responsible_leader = models.CharField(max_length=60, blank=True)
    rectification_class = models.CharField(max_length=20, choices=RectificationClass.choices)
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="audit_findings")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["project", "seq"]
        constraints = [models.UniqueConstraint(fields=["project", "seq"], name="audit_finding_unique_seq")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.problem[:40]}"


class EvidenceCheck(models.Model):
    """The audit office's check of a closure request's evidence (审计机关核查)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="audit_checks")
    district = DistrictField()
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField()
    passed = models.BooleanField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
