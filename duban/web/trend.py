"""The 12-week trend of red, yellow and green, read from the daily counts (duban.tallies).

Past week ends come from the counts the sweep stores per programme, lead unit and responsible
leader, summed over the cells the user sees whole (`cells_q`): a fixed number of queries whatever
the number of tasks. A week end with no stored counts is a gap (None), not zeros. The few tasks a
liaison sees without its unit leading them (co-operating, handed down) are outside those cells; their
past lights are derived from the event log as the stored days were, and kept for the day.
The current week's end is today, whose counts the page has already made.
"""
import datetime as dt
from collections import Counter

from django.core.cache import cache

from duban.tallies.derive import histories, light_then
from duban.tallies.selectors import COLORS, tallied_lights, week_ends
from duban.tasks.access import cells_q, tasks_picked_for
from duban.tasks.selectors import task_rows

# A past week's end is history: events are only ever appended at "now", so its counts cannot change
# through the system. They are kept for the rest of the day instead of recomputed on every visit.
CACHE_SECONDS = 24 * 3600


def _picked_counts(user, days: list[dt.date], today: dt.date) -> dict[str, dict]:
    key = f"duban:trend-picked:user{user.pk}:{today.isoformat()}"
    known = cache.get(key)
    if known is None:
        picked = tasks_picked_for(user)
        rows = task_rows(picked)
        found = histories(picked.values("pk")) if rows else {}
        known = {}
        for day in days:
            lights = (light_then(row, found.get(row.pk), day) for row in rows)
            known[day.isoformat()] = dict(Counter(light.color for light in lights if light is not None))
        cache.set(key, known, CACHE_SECONDS)
    return known


def light_trend(user, *, today: dt.date, current: Counter) -> list[dict]:
    """[{week_end, label, red, yellow, green}] over the last 12 weeks; `current` holds today's
    counts; a past week end nobody stored has None for each colour."""
    ends = week_ends(today)
    stored = tallied_lights(cells_q(user), ends[:-1])
    picked = _picked_counts(user, ends[:-1], today)
    points = []
    for day in ends[:-1]:
        counts = stored.get(day)
        points.append(None if counts is None else counts + Counter(picked.get(day.isoformat(), {})))
    points.append(current)
    return [{"week_end": d.isoformat(), "label": f"{d.month}/{d.day}",
             **{c: None if counts is None else counts[c] for c in COLORS}}
            for d, counts in zip(ends, points, strict=True)]
