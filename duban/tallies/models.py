"""Daily counts by light per programme and lead unit: what the battle map's 12-week trend draws.

Counts, not domain state: nothing here is changed by a user, so no event is logged for them.
"""
from django.db import models

from duban.tasks.models import DistrictField, TaskState


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


# What a battle-map tally holds (web.battlemap.Tally), one column each; a test checks every state has one.
COUNTED = ("total", "percent_sum", "ontime", "late", "overdue", "light_red", "light_yellow", "light_green",
           "light_none", *(f"state_{s}" for s in TaskState.values))


class LiveCount(models.Model):
    """A change in one cell's battle-map counts from `day` on (live.py): the counts of a cell on a day
    are the sums of its rows up to that day. Rows only ever get added (by the event log's hook, as
    tasks change) and merged (by the daily compaction), so writers in different districts never
    wait on a shared row."""

    # No index of its own: grouping a district's rows by programme would then read every programme's.
    programme = models.ForeignKey("tasks.Programme", on_delete=models.CASCADE, related_name="+", db_index=False)
    lead_unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    responsible_leader = models.ForeignKey("org.User", on_delete=models.CASCADE, null=True, related_name="+")
    # The district of the tasks the row counts (each cell's rows are kept per district, see live.py).
    district = DistrictField(of=None)
    day = models.DateField()
    total = models.IntegerField(default=0)
    percent_sum = models.IntegerField(default=0)
    ontime = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)
    light_red = models.IntegerField(default=0)
    light_yellow = models.IntegerField(default=0)
    light_green = models.IntegerField(default=0)
    light_none = models.IntegerField(default=0)
    state_draft = models.IntegerField(default=0)
    state_review = models.IntegerField(default=0)
    state_assigned = models.IntegerField(default=0)
    state_in_progress = models.IntegerField(default=0)
    state_closure_requested = models.IntegerField(default=0)
    state_closed = models.IntegerField(default=0)
    state_consolidated = models.IntegerField(default=0)
    state_cancelled = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day"], name="livecount_day"),  # the province's map: past rows only
                   models.Index(fields=["lead_unit", "day"], name="livecount_unit_day")]  # a district's units


class CountedTask(models.Model):
    """What one task adds to the live counts now: its cell and its steps ([day, {count: delta}]),
    taken back when the task changes."""

    task = models.OneToOneField("tasks.Task", on_delete=models.CASCADE, primary_key=True, related_name="+")
    programme_id_counted = models.IntegerField()
    lead_unit_id_counted = models.IntegerField()
    leader_id_counted = models.IntegerField(null=True)
    district = DistrictField()
    steps = models.JSONField()


class CountedTerms(models.Model):
    """A programme's warning window and reporting cycle as its tasks' steps were worked out with: a
    programme whose terms changed since makes the live counts wait for a recount."""

    programme = models.OneToOneField("tasks.Programme", on_delete=models.CASCADE, primary_key=True, related_name="+")
    warning_workdays = models.IntegerField()
    report_cycle_workdays = models.IntegerField()


class LiveCountState(models.Model):
    """One row: the working-day calendar the live counts were built for, and the last day merged
    into the base rows. Without it (or with another calendar) the battle map counts the tasks."""

    calendar = models.CharField(max_length=64)
    compacted_through = models.DateField(null=True)
    built_at = models.DateTimeField()
