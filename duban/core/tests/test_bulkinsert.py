"""Rows written as plain values land as the ORM would write them; what only an instance can fill in is refused."""
import datetime as dt

import pytest

from duban.api.models import ApiToken
from duban.core.bulkinsert import insert_values
from duban.tallies.models import CountedTask, LiveCount

pytestmark = pytest.mark.django_db


def test_plain_values_land_with_every_other_field_at_its_default(world):
    task = world.task()
    CountedTask.objects.filter(task=task).delete()
    unit, programme, district = task.lead_unit_id, task.programme_id, task.district_id
    insert_values(LiveCount, ["programme_id", "lead_unit_id", "responsible_leader_id", "district_id", "day", "total",
                              "light_red"], [(programme, unit, None, district, dt.date(2026, 5, 1), 3, 2)])
    insert_values(CountedTask, ["task_id", "programme_id_counted", "lead_unit_id_counted", "leader_id_counted",
                                "district_id", "steps"],
                  [(task.pk, programme, unit, None, district, [["0001-01-01", {"total": 1, "light_green": 1}]])])
    row = LiveCount.objects.get(day=dt.date(2026, 5, 1))
    assert (row.total, row.light_red, row.light_green, row.overdue) == (3, 2, 0, 0)
    assert CountedTask.objects.get(task=task).steps == [["0001-01-01", {"total": 1, "light_green": 1}]]


def test_a_model_with_a_field_stamped_on_save_is_refused_before_anything_is_written(world):
    with pytest.raises(ValueError, match="created_at"):
        insert_values(ApiToken, ["user_id", "name", "key_hash"], [(world.supervisor.pk, "x", "y")])
    assert not ApiToken.objects.filter(name="x").exists()


def test_instances_land_as_bulk_create_writes_them(world):
    """Dates (prepared without the ORM's three calls), text, numbers and empty values alike."""
    from duban.core.bulkinsert import insert_rows
    from duban.tasks.models import Milestone

    task = world.task()
    fields = [{"name": "方案", "due_on": dt.date(2026, 5, 1), "workdays_before_deadline": 10},
              {"name": "验收\n（含资料）", "due_on": dt.date(2035, 12, 31), "done_on": dt.date(2026, 4, 30)},
              {"name": "", "due_on": dt.date(2027, 2, 28), "workdays_before_deadline": None}]
    Milestone.objects.bulk_create([Milestone(task=task, **f) for f in fields])
    insert_rows(Milestone, [Milestone(task=task, **f) for f in fields])
    columns = ("name", "due_on", "workdays_before_deadline", "done_on")
    stored = list(Milestone.objects.filter(task=task).order_by("pk").values_list(*columns))
    assert stored[-3:] == stored[-6:-3] and stored[-2][1:] == (dt.date(2035, 12, 31), None, dt.date(2026, 4, 30))
