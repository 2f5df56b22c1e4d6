"""Quality over the repository's reports in the genre (fixtures/reports/: broadcast transcripts,
provincial and city reports, inspection teams, field visits, congress sessions), each with a gold
answer written by hand in the intake scorer's format. The table of F1 per field is printed."""
import datetime as dt
import json

import pytest

import textintake
from textintake.tests.conftest import FIXTURES
from textintake.tests.scoring import counts, field_f1

REPORTS = sorted((FIXTURES / "reports").glob("*.json"))
FIELD_FLOOR = 0.95


def read(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    date = dt.date.fromisoformat(gold["date"]) if gold.get("date") else None
    text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
    return gold, textintake.extract(text, date=date)


@pytest.fixture(scope="module")
def table():
    summed = {}
    for path in REPORTS:
        counts(*read(path), summed)
    return {name: count.f1() for name, count in summed.items()}


def test_there_are_reports_of_every_kind_in_the_genre():
    assert len(REPORTS) >= 20
    kinds = {a["event"]["kind"] for p in REPORTS for a in json.loads(p.read_text(encoding="utf-8"))["articles"]
             if a["event"]}
    assert kinds == {"meeting", "research", "inspection"}


def test_every_field_reaches_the_floor_over_the_reports(table, capsys):
    scored = {name: f1 for name, f1 in table.items() if f1 is not None}
    with capsys.disabled():
        print(f"\nintake over {len(REPORTS)} reports: mean F1 per field")
        for name, f1 in scored.items():
            print(f"  {name:18} {f1:.3f}")
        print(f"  {'mean':18} {sum(scored.values()) / len(scored):.3f}")
    assert all(f1 >= FIELD_FLOOR for f1 in scored.values()), scored


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_no_report_falls_far_below(path):
    """One report badly read would hide in the sum: each keeps a mean of 0.9 on its own."""
    scores = [f1 for f1 in field_f1(*read(path)).values() if f1 is not None]
    assert sum(scores) / len(scores) >= 0.9
