"""Stratification and ageing count every transaction once, in the band a person would put it."""
import datetime as dt

from duban.analytics import generate
from duban.analytics.loading import source_load
from duban.analytics.services import run_test


def _load(world, tmp_path):
    rows = generate.payments(400, plant=False)[0]
    source_load(actor=world.auditor, path=generate.write_csv(tmp_path / "p.csv", rows), name="付款",
                programme=world.programme.name, mapping=generate.MAPPING)
    return rows


def test_strata_and_ages_add_up(world, tmp_path):
    rows = _load(world, tmp_path)
    strata = run_test(actor=world.auditor, source="付款", test="stratify", params={"bounds": "1000,10000"})
    amounts = [float(r["金额"]) for r in rows]
    expected = [sum(a < 1000 for a in amounts), sum(1000 <= a < 10000 for a in amounts), sum(a >= 10000 for a in amounts)]
    assert [b["count"] for b in strata.result["bands"]] == expected
    assert [b["label"] for b in strata.result["bands"]] == ["0–1,000元", "1,000–10,000元", "10,000元以上"]
    assert round(sum(b["amount"] for b in strata.result["bands"]), 2) == round(sum(amounts), 2)
    ages = run_test(actor=world.auditor, source="付款", test="ageing", params={"bounds": "90", "as_of": "2025-12-31"})
    days = [(dt.date(2025, 12, 31) - dt.date.fromisoformat(r["日期"])).days for r in rows]
    assert [b["count"] for b in ages.result["bands"]] == [sum(d <= 90 for d in days), sum(d > 90 for d in days)]


def test_bad_bounds_are_refused_with_the_reason(world, tmp_path):
    _load(world, tmp_path)
    for bounds in ("abc", "100,10", "-5"):
        run = run_test(actor=world.auditor, source="付款", test="stratify", params={"bounds": bounds})
        assert run.state == "failed" and "分层界限" in run.result["error"] and run.lead_count == 0, bounds
