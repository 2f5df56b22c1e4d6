"""Reading the daily counts: a fixed number of queries whatever the number of tasks."""
import datetime as dt
from collections import Counter

from django.db.models import Q, Sum

from duban.tallies.models import DayTally, TalliedDay

COLORS = ("red", "yellow", "green")
WEEKS = 12


def week_ends(today: dt.date, weeks: int = WEEKS) -> list[dt.date]:
    """The Sundays ending the last `weeks` weeks, the current week's end being today."""
    ends = [today]
    last_sunday = today - dt.timedelta(days=(today.weekday() + 1) % 7 or 7)
    while len(ends) < weeks:
        ends.append(last_sunday)
        last_sunday -= dt.timedelta(days=7)
    return sorted(ends)


def tallied_lights(cells: Q, days: list[dt.date]) -> dict[dt.date, Counter]:
    """Counts by light on each of `days` that is stored, summed over the (programme, lead unit,
    leader) cells `cells` selects (tasks.access.cells_q); a day not stored is absent: a gap."""
    stored = list(TalliedDay.objects.filter(day__in=days).values_list("day", flat=True))
    out = {day: Counter() for day in stored}
    sums = (DayTally.objects.filter(cells, day__in=stored).values("day")
            .annotate(**{f"n_{c}": Sum(c) for c in COLORS}).order_by())
    for row in sums:
        out[row["day"]].update({c: row[f"n_{c}"] for c in COLORS})
    return out
