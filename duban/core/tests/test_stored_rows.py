"""A GROUP BY read as stored gives the ORM's own names and values, in the order `values()` asked for."""
import pytest
from django.db.models import Count, Sum, Value

from duban.core.prepared import stored_rows
from duban.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_a_grouped_count_reads_as_the_orm_reads_it(world):
    for unit, percent in (("区审计局", 10), ("区审计局", 30), ("前进街道", 50)):
        Task.objects.filter(pk=world.task(lead_unit=unit).pk).update(percent=percent)
    grouped = (Task.objects.order_by().annotate(one=Value(1)).values("one", "lead_unit_id", "lead_unit__name")
               .annotate(tasks=Count("pk"), percent_sum=Sum("percent")).order_by("lead_unit_id"))
    names, rows = stored_rows(grouped)
    assert names == ["one", "lead_unit_id", "lead_unit__name", "tasks", "percent_sum"]
    assert [dict(zip(names, row, strict=True)) for row in rows] == list(grouped)
    assert {row[2]: (row[3], row[4]) for row in rows} == {"区审计局": (2, 40), "前进街道": (1, 50)}
