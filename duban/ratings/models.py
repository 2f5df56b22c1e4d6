"""满意度测评: a round of ballots over reports or units, one ballot per rater, results sealed until
the round closes."""
from django.conf import settings
from django.db import models

from duban.org.models import Unit


class RoundState(models.TextChoices):
    DRAFT = "draft", "筹备中"
    OPEN = "open", "测评中"
    CLOSED = "closed", "已结束"


class Choice(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class RatingRound(models.Model):
    title = models.CharField(max_length=200)
    owner_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="rating_rounds")
    state = models.CharField(max_length=10, choices=RoundState.choices, default=RoundState.DRAFT)
    # When set, an item of a unit rated below `threshold` percent satisfied costs that unit the
    # assessment rule `rating_unsatisfied` in the period the round closes.
    into_assessment = models.BooleanField(default=False)
    threshold = models.PositiveSmallIntegerField(default=80)
    raters = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="rating_rounds", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(null=True)
    closed_on = models.DateField(null=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title


class RatingItem(models.Model):
    """What is rated: e.g. one department's report on building a rule-of-law government."""

    round = models.ForeignKey(RatingRound, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="rating_item_once")]


class Ballot(models.Model):
    round = models.ForeignKey(RatingRound, on_delete=models.CASCADE, related_name="ballots")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "rater"], name="one_ballot_per_rater")]


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    item = models.ForeignKey(RatingItem, on_delete=models.CASCADE, related_name="choices")
    choice = models.CharField(max_length=12, choices=Choice.choices)
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "item"], name="one_choice_per_item")]
