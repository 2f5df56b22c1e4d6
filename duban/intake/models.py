"""A report read by intake, and the tasks confirmed from it: the trail from a task to its sentence."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from duban.tasks.models import Task


class IntakeDocument(models.Model):
    """One reading of a report: its text, what was extracted, the proposal, and who confirmed it.

    `proposal_hash` covers the text and the directives found in it, not the reviewer's edits, so
    the same report cannot be confirmed twice by editing its proposal file.
    """

    name = models.CharField(max_length=255)
    text = models.TextField()
    published_on = models.DateField(null=True, blank=True)
    extracted = models.JSONField(default=dict)
    proposal = models.JSONField(default=dict)
    proposal_hash = models.CharField(max_length=64, db_index=True)
    # Users are deactivated, never deleted, in operation; the demo's reset deletes them with their papers.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    tasks = models.ManyToManyField(Task, through="IntakeTask", related_name="intake_documents")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["proposal_hash"], condition=Q(confirmed_at__isnull=False),
                                               name="intake_confirmed_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class IntakeTask(models.Model):
    """A task confirmed from a document, with the place in the text its directive was read from."""

    document = models.ForeignKey(IntakeDocument, on_delete=models.CASCADE, related_name="links")
    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="intake_link")
    item = models.PositiveIntegerField()
    start = models.PositiveIntegerField(null=True)
    end = models.PositiveIntegerField(null=True)

    class Meta:
        ordering = ["document", "item"]
        # an office confirms a report's items as they come, each of them once
        constraints = [models.UniqueConstraint(fields=["document", "item"], name="intake_item_confirmed_once")]
