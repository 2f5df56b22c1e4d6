"""可输出的路径案例: a closed task or a programme written up as a case — background, measures,
results with their figures, evidence — reviewed before it joins the library every unit reads."""
from django.conf import settings
from django.db import models

from duban.org.models import Unit
from duban.tasks.models import Programme, Task


class CaseState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    PUBLISHED = "published", "已入库"


class Case(models.Model):
    title = models.CharField(max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    background = models.TextField()
    measures = models.TextField()
    results = models.TextField()
    figures = models.JSONField(default=list, blank=True)  # [{"name": "追回资金", "value": "1200万元"}]
    keywords = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=12, choices=CaseState.choices, default=CaseState.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    review_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title
