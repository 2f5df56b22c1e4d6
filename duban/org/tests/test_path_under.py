"""`path__under`: a jurisdiction's units by their path's prefix, the same units `startswith` gives,
read from the path index on SQLite too."""
import pytest
from django.db import connection

from duban.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    def add(name, parent=None):
        unit = Unit.objects.create(name=name, parent=parent)
        Unit.objects.filter(pk=unit.pk).update(path=f"{parent.path if parent else '/'}{unit.pk}/")
        unit.refresh_from_db()
        return unit

    city = add("钱塘市")
    district = add("钱塘区", city)
    add("区审计局", district), add("前进街道", district)
    other = add("临江区", city)
    add("临江区审计局", other)
    return city, district, other


def _names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_under_is_startswith(tree):
    for unit in tree:
        assert _names(Unit.objects.filter(path__under=unit.path)) == \
            _names(Unit.objects.filter(path__startswith=unit.path))
    assert _names(Unit.objects.filter(path__under=tree[1].path)) == ["前进街道", "区审计局", "钱塘区"]


def test_glob_characters_in_a_path_match_only_themselves(tree):
    Unit.objects.filter(name="区审计局").update(path="/9*/")
    Unit.objects.filter(name="前进街道").update(path="/9x/")
    Unit.objects.filter(name="临江区审计局").update(path="/9[x]/")
    assert _names(Unit.objects.filter(path__under="/9*/")) == ["区审计局"]
    assert _names(Unit.objects.filter(path__under="/9[x]/")) == ["临江区审计局"]
    assert _names(Unit.objects.filter(path__under="/9?/")) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_sqlite_reads_the_prefix_from_the_path_index(tree):
    sql, params = Unit.objects.filter(path__under=tree[1].path).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "SEARCH" in plan and "path>?" in plan and "SCAN" not in plan
