"""The supervision ladder as each programme configures it (Programme.settings), with defaults.

Offsets are working days relative to a node: -5 is five working days before, 0 the node's own
day (rolled forward to a working day), +3 three working days late.
"""
import datetime as dt
from dataclasses import dataclass

from duban.core.workdays import add_workdays
from duban.tasks.programme_settings import DEFAULTS  # the programme's own keys; the ladder reads them


@dataclass(frozen=True)
class Ladder:
    reminder: int
    urge: int
    notice: int
    escalate: int
    recheck: int
    catchup: int
    pace_tolerance: int
    blue_notice: bool
    prefix: str
    report_cycle: int

    def offsets(self) -> dict[str, int]:
        """Rung → offset in working days from the node (negative: before)."""
        return {"reminder": -self.reminder, "urge": self.urge, "notice": self.notice,
                "escalation": self.escalate}


def ladder_of(programme) -> Ladder:
    merged = {**DEFAULTS, **(programme.settings or {})}
    return Ladder(
        # The programme's own warning window is the default reminder, unless the settings say otherwise.
        reminder=int((programme.settings or {}).get("reminder_workdays_before", programme.warning_workdays)),
        urge=int(merged["urge_workdays_after"]), notice=int(merged["notice_workdays_after"]),
        escalate=int(merged["escalate_workdays_after"]), recheck=int(merged["recheck_workdays_before"]),
        catchup=int(merged["catchup_workdays"]), pace_tolerance=int(merged["pace_tolerance_percent"]),
        blue_notice=bool(merged["blue_notice_on_reminder"]), prefix=str(merged["notice_prefix"]),
        report_cycle=int(programme.report_cycle_workdays))


def fire_day(node: dt.date, offset: int) -> dt.date:
    """The working day a rung fires for a node."""
    return add_workdays(node, offset)


def node_range(today: dt.date, offset: int, catchup: int) -> tuple[dt.date, dt.date] | None:
    """The node dates whose rung fires today or fired within the catch-up window.

    fire_day is monotone in the node date, so the answer is one contiguous range: the sweep turns
    it into a single `deadline__range` query instead of testing every task.
    """
    earliest = add_workdays(today, -catchup) if catchup else today
    span = abs(offset) * 2 + catchup * 2 + 20
    lo_day = today - dt.timedelta(days=span) if offset >= 0 else today - dt.timedelta(days=catchup * 2 + 10)
    hi_day = today + dt.timedelta(days=span) if offset <= 0 else today + dt.timedelta(days=10)
    lo, hi, day = None, None, lo_day
    while day <= hi_day:
        fired = fire_day(day, offset)
        if earliest <= fired <= today:
            lo = lo or day
            hi = day
        day += dt.timedelta(days=1)
    return (lo, hi) if lo else None
