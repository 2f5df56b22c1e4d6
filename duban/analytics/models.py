"""Sources of data an audit loads, how their columns map to roles, the runs of tests on them, and
the leads (疑点) those runs find. The rows themselves live in the analytical store (DuckDB)."""
from django.conf import settings
from django.db import models

from duban.org.models import Unit
from duban.tasks.models import Programme, Task


class Source(models.Model):
    """One loaded data set (a payments export, a voucher file, an employee list…), kept in the
    analytical store as one table; reloading replaces the rows and keeps the mapping."""

    name = models.CharField(max_length=100, unique=True)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="analytics_sources")
    audited_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)  # sha256 of the rows as loaded
    row_count = models.PositiveIntegerField(default=0)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    loaded_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def table(self) -> str:
        return f"src_{self.pk}"


class ColumnMapping(models.Model):
    """Which column of the source's file plays which role; saved so a reload needs no new mapping."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="mappings")
    role = models.CharField(max_length=30)
    column = models.CharField(max_length=200)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["source", "role"], name="analytics_mapping_unique")]


class RunState(models.TextChoices):
    RUNNING = "running", "运行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class Run(models.Model):
    """One test on one source, recorded so it can be repeated: data fingerprint, parameters, who, when."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="runs")
    test = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    engine = models.CharField(max_length=10, default="duckdb")
    fingerprint = models.CharField(max_length=64)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.RUNNING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)  # summary figures, chart data, or the refusal
    lead_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]


class LeadState(models.TextChoices):
    OPEN = "open", "待核实"
    CONFIRMED = "confirmed", "已确认"
    DISMISSED = "dismissed", "已排除"


class Lead(models.Model):
    """A hit of a test (疑点): the records behind it, and the auditor's decision with its reason."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="leads")
    key = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    row_nos = models.JSONField(default=list)  # rows of the source (file line numbers) behind the lead
    state = models.CharField(max_length=10, choices=LeadState.choices, default=LeadState.OPEN)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True)
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["pk"]
