"""The benchmarks' province is the same every time: same seed and sizes, same rows."""
import sys
from pathlib import Path

import pytest
from django.db import transaction

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import province  # noqa: E402

from duban.tasks.models import Task  # noqa: E402


def _fingerprint() -> list[tuple]:
    rows = []
    for t in Task.objects.select_related("lead_unit__parent", "programme").prefetch_related(
            "milestones", "reports", "co_units").order_by("code"):
        rows.append((t.code, t.state, t.deadline, t.last_report_on, t.lead_unit.name, t.lead_unit.parent.name,
                     t.programme.name, [(m.due_on, m.done_on) for m in t.milestones.all()],
                     sorted(r.reported_on for r in t.reports.all()), [u.name for u in t.co_units.all()]))
    return rows


def _generated() -> list[tuple]:
    with transaction.atomic():
        world = province.generate(tasks=300, districts=3)
        assert len(world.districts) == 3 and all(len(u) == province.UNITS_PER_DISTRICT
                                                 for u in world.units.values())
        rows = _fingerprint()
        transaction.set_rollback(True)
    return rows


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_province():
    first, second = _generated(), _generated()
    assert len(first) == 300 and first == second
    # every task lies in the district of its lead unit, and its co-unit too
    assert all(row[4].startswith(row[5]) and all(c.startswith(row[5]) for c in row[9]) for row in first)
    assert any(row[9] for row in first)
    assert sum(1 for row in first if row[8]) > 150  # most tasks have reports
