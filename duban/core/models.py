from django.db import models


class Holiday(models.Model):
    """An admin's override of the official calendar: a day off, or an adjusted working day (补班).

    chinesecalendar stops at the last year the State Council has published; an admin enters next
    year's schedule the day it is announced, and the year counts as known once marked complete
    (`CalendarYear`): a few entered days do not make a whole year known.
    """

    date = models.DateField(unique=True)
    is_workday = models.BooleanField(default=False)
    name = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'补班' if self.is_workday else '休'} {self.name}"


class Event(models.Model):
    """One entry of the append-only, hash-chained event log.

    `hash` is an HMAC-SHA-256, under a key kept outside the database, over the previous entry's hash
    and a canonical serialisation of this entry, so an edit made behind the system's back breaks the
    chain at that entry and cannot be re-hashed without the key.

    There is one chain per jurisdiction (`chain`: a district's unit id, or "global" for events
    without a task); `seq` numbers the entries of one chain. Across chains, `id` is the order written.
    """

    chain = models.CharField(max_length=20, default="global")
    seq = models.BigIntegerField()
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=60)
    task_id = models.BigIntegerField(null=True, db_index=True)
    payload = models.JSONField(default=dict)
    # The task's state and deadline after this event, checked against the tables by verify-log.
    state_after = models.CharField(max_length=30, blank=True)
    deadline_after = models.DateField(null=True)
    # Keyed digests of what the event vouches for as it stood after the event (see core/attest.py).
    attested = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["task_id", "seq"]), models.Index(fields=["action", "at"])]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="event_once_per_chain_seq")]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action} task={self.task_id} by {self.actor}"


class ChainHead(models.Model):
    """One row per chain, locked while appending, so two writers never fork a chain; writers in
    different districts lock different rows."""

    chain = models.CharField(max_length=20, unique=True, default="global")
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)


class CalendarYear(models.Model):
    """A year whose schedule an administrator has entered in full (its holidays and 补班 days)."""

    year = models.PositiveIntegerField(unique=True)
    complete = models.BooleanField(default=True)
    marked_by = models.CharField(max_length=150, blank=True)
    marked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.year}{'（已录入完整）' if self.complete else ''}"
