"""Roll-up of decomposed tasks (层层分解) for lists and the battle map: for each parent, how many
sub-tasks, their mean progress, their worst light and their counts by light, in three queries."""
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from duban.core import clock
from duban.tasks.lights import RANK, Light, worst
from duban.tasks.models import Task
from duban.tasks.selectors import lights_of_rows, task_rows


@dataclass
class Rollup:
    parent_id: int
    count: int = 0
    percent_sum: int = 0
    lights: list[Light] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.percent_sum / self.count) if self.count else 0

    @property
    def light(self) -> Light | None:
        return worst(self.lights)

    @property
    def counts(self) -> list[tuple[str, int]]:
        tally = Counter(light.label for light in self.lights)
        return [(label, tally[label]) for label in ("红", "黄", "绿") if tally[label]]


def rollups_of(parent_ids, *, today: dt.date | None = None) -> dict[int, Rollup]:
    """Roll-ups of the given parents that have sub-tasks, keyed by the parent's id."""
    today = today or clock.today()
    subtasks = Task.objects.filter(parent_id__in=list(parent_ids))
    parent_of = dict(subtasks.values_list("pk", "parent_id"))
    if not parent_of:
        return {}
    rows = task_rows(subtasks)
    lights = lights_of_rows(rows, today=today)
    result: dict[int, Rollup] = defaultdict(lambda: Rollup(0))
    for row in rows:
        rollup = result[parent_of[row.pk]]
        rollup.parent_id = parent_of[row.pk]
        rollup.count += 1
        rollup.percent_sum += row.percent
        rollup.lights.append(lights[row.pk])
    return dict(result)


def worst_rollups(visible, *, limit: int = 10, today: dt.date | None = None) -> list[tuple[Task, Rollup]]:
    """The decomposed tasks a reader sees, trouble first (for the battle map)."""
    # The few tasks handed down name their parents (the parent index): no join of every visible task
    # to its sub-tasks, which would read the whole installation to find the few with some.
    handed_down = Task.objects.filter(parent__isnull=False).values("parent_id")
    parents = {t.pk: t for t in visible.filter(pk__in=handed_down).select_related("lead_unit")}
    rollups = rollups_of(parents, today=today)
    ranked = sorted(rollups.values(), key=lambda r: (RANK[r.light.color], -len(r.lights), r.parent_id))
    return [(parents[r.parent_id], r) for r in ranked[:limit]]
