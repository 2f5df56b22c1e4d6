"""The supervision ladder as each programme configures it (Programme.settings), with defaults.

Offsets are working days relative to a node: -5 is five working days before, 0 the node's own
day (rolled forward to a working day), +3 three working days late.
"""
import datetime as dt
from dataclasses import dataclass

from duban.core.workdays import add_workdays

DEFAULTS = {
    "reminder_workdays_before": 5,   # 提醒
    "urge_workdays_after": 0,        # 催办 on the day
    "notice_workdays_after": 3,      # 督办单
    "escalate_workdays_after": 10,   # 约谈 / 报告责任领导
    "recheck_workdays_before": 0,    # 回头看 reminder on its due day
    "catchup_workdays": 3,           # a sweep missed for up to this many working days still fires
    "pace_tolerance_percent": 20,    # yellow notice when this far behind the planned pace (序时进度)
    "blue_notice_on_reminder": False,  # some offices also number the "deadline near" reminder
    "notice_prefix": "钱督",
    "immediate_deadline_days": 30,   # 立行立改: the deadline a finding gets when none is given
    "ongoing_checkpoint_years": 3,   # 持续整改: yearly checkpoints planned ahead
    "report_due_months": 2,          # 巡视整改: the rectification report after the feedback
}


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


class WorkdayCounter:
    """Working days between two dates by prefix sums, so a sweep over a million tasks does not walk
    the calendar day by day for each of them. The table grows to cover whatever dates it is asked."""

    def __init__(self, start: dt.date, end: dt.date):
        self.start, self.end, self._cum = start, start - dt.timedelta(days=1), []
        self._build(start, end)

    def _build(self, start: dt.date, end: dt.date) -> None:
        import warnings

        from duban.core.workdays import UnknownHolidayYear, is_workday

        self.start, self.end = min(start, self.start), max(end, self.end)
        self._cum, total, day = [], 0, self.start
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnknownHolidayYear)  # lights and lists carry that note
            while day <= self.end:
                total += is_workday(day)
                self._cum.append(total)
                day += dt.timedelta(days=1)

    def between(self, a: dt.date, b: dt.date) -> int:
        """Same as workdays_between(a, b)."""
        if not (self.start <= a <= self.end and self.start <= b <= self.end):
            self._build(min(a, b) - dt.timedelta(days=366), max(a, b) + dt.timedelta(days=366))
        return self._cum[(b - self.start).days] - self._cum[(a - self.start).days]
