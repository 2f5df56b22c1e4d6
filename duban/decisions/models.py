"""重大行政决策事项目录: the year's catalogue, its decisions with the statutory steps each needs,
the documents of each step, and adjustments to the catalogue with their approval."""
from django.conf import settings
from django.db import models

from duban.org.models import Unit
from duban.tasks.kinds.decision import STEPS
from duban.tasks.models import Programme, Task


class CatalogueState(models.TextChoices):
    DRAFT = "draft", "编制中"
    APPROVED = "approved", "已审定"


class Catalogue(models.Model):
    year = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="catalogues")
    state = models.CharField(max_length=10, choices=CatalogueState.choices, default=CatalogueState.DRAFT)
    approved_by = models.CharField(max_length=200, blank=True)  # e.g. 区政府常务会议（3月27日）
    approved_on = models.DateField(null=True, blank=True)


class Decision(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="decisions")
    seq = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")  # 承办单位
    legal_basis = models.CharField(max_length=500, blank=True)
    planned_on = models.DateField()  # 计划决策时间
    hearing = models.BooleanField(default=False)  # 是否需听证
    task = models.OneToOneField(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="decision")
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["catalogue", "seq"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "seq"], name="decision_seq_once")]


class DecisionStep(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=30, choices=STEPS)
    order = models.PositiveSmallIntegerField()
    required = models.BooleanField(default=True)
    done_on = models.DateField(null=True, blank=True)
    done_by = models.CharField(max_length=150, blank=True)
    note = models.CharField(max_length=500, blank=True)
    # 公众参与: the comment period, and the reason when it is shorter than the minimum.
    comment_from = models.DateField(null=True, blank=True)
    comment_to = models.DateField(null=True, blank=True)
    short_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["decision", "order"]
        constraints = [models.UniqueConstraint(fields=["decision", "step"], name="decision_step_once")]


class StepDocument(models.Model):
    step = models.ForeignKey(DecisionStep, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()


class Adjustment(models.Model):
    """A change to an approved catalogue: what changed, on what ground, approved by whom."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="adjustments")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="adjustments")
    action = models.CharField(max_length=20)  # added | withdrawn | rescheduled
    ground = models.CharField(max_length=500)
    approval = models.CharField(max_length=200)
    recorded_by = models.CharField(max_length=150)
    recorded_on = models.DateField()
    detail = models.JSONField(default=dict)
