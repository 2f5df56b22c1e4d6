"""Trac and Roundup are handed the same province and the same question as duban (bench/peers.py):
the tickets their query must find are exactly the tasks duban's overdue-of-unit answer holds."""
import sys
from pathlib import Path

import pytest
from django.db.models import Q

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import peers  # noqa: E402
import province  # noqa: E402

from duban.tasks.models import OPEN_STATES, Task  # noqa: E402


def _overdue(unit) -> list[int]:
    qs = Task.objects.filter(Q(lead_unit=unit) | Q(co_units=unit), state__in=OPEN_STATES, deadline__lt=province.TODAY)
    return sorted(set(qs.values_list("pk", flat=True)))


@pytest.mark.django_db
def test_peers_get_the_province_rows_and_duban_s_answer():
    world = province.generate(tasks=300, districts=3)
    unit = max((u for us in world.units.values() for u in us), key=lambda u: len(_overdue(u)))
    spec = {"title": "新增督办事项0", "lead_unit": unit.name, "deadline": province.TODAY}
    load = peers.workload(world, unit, _overdue(unit), [spec], province.TODAY)
    assert len(load["tasks"]) == 300 and load["unit"] == unit.name and len(load["units"]) == 3 * 40
    today = province.TODAY.isoformat()
    matching = [i for i, (lead, co, is_open, due) in enumerate(load["tasks"], start=1)
                if is_open and due < today and unit.name in (lead, co)]
    assert matching and matching == load["expected"]
    assert any(co for _, co, _, _ in load["tasks"]) and load["create"] == [["新增督办事项0", unit.name, today]]
