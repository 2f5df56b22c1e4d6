"""Daily counts by light per programme and lead unit: what the battle map's 12-week trend draws.

Counts, not domain state: nothing here is changed by a user, so no event is logged for them.
"""
from django.db import models


class DayTally(models.Model):
    """How many tasks of one programme, led by one unit and answered for by one leader (or none),
    showed each light on one day. The leader is part of the cell because a leader's scope is the
    tasks they answer for."""

    day = models.DateField()
    programme = models.ForeignKey("tasks.Programme", on_delete=models.CASCADE, related_name="+")
    lead_unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    responsible_leader = models.ForeignKey("org.User", on_delete=models.CASCADE, null=True, related_name="+")
    red = models.PositiveIntegerField(default=0)
    yellow = models.PositiveIntegerField(default=0)
    green = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day", "lead_unit"], name="tally_day_unit")]


class TalliedDay(models.Model):
    """A day whose counts are stored, and how: a day without one is a gap, not a day of zeros."""

    class Source(models.TextChoices):
        RECORDED = "recorded", "巡检记录"   # the tasks as they stood when the day had just closed
        DERIVED = "derived", "由日志推算"   # a day before recording began, worked out from the event log

    day = models.DateField(unique=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    at = models.DateTimeField()
