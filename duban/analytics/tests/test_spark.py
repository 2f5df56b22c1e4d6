"""The same rule definitions on a local Spark give the same leads and figures as on DuckDB.

Spark is slow to start and database-agnostic, so this runs once: not on PostgreSQL."""
import os
import shutil

import pytest

from duban.analytics.rules import CATALOGUE
from duban.analytics.services import run_test
from duban.analytics.tests.helpers import OTHER, load_world

pytestmark = [
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs once, on SQLite"),
    pytest.mark.skipif(not shutil.which("java"), reason="Java is installed by scripts/system-deps.sh"),
]


def _outcome(world, code, engine):
    params = {"other": OTHER[code]} if code in OTHER else {}
    if code.startswith("benford"):
        params["min_n"] = 100
    run = run_test(actor=world.auditor, source="付款", test=code, params=params, engine=engine)
    assert run.state == "done", (engine, run.result)
    return [(lead.key, lead.title, lead.row_nos) for lead in run.leads.all()], run.result


def test_spark_finds_what_duckdb_finds(world, tmp_path):
    pytest.importorskip("pyspark")
    truth = load_world(world, tmp_path)
    for code in CATALOGUE:
        on_duckdb, on_spark = _outcome(world, code, "duckdb"), _outcome(world, code, "spark")
        assert on_spark == on_duckdb, code
        if code in truth:
            assert sorted(sorted(rows) for _k, _t, rows in on_spark[0]) == sorted(map(sorted, truth[code]))
