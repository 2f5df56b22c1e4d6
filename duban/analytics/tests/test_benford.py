"""Benford figures agree with an independent implementation (benford_py) on the same amounts; a
nonconforming set yields leads on its excess digits; too small a sample is refused."""
import warnings

import pytest

from duban.analytics import generate
from duban.analytics.loading import source_load
from duban.analytics.services import run_test


def _load(world, tmp_path, rows):
    path = generate.write_csv(tmp_path / "付款.csv", rows)
    source_load(actor=world.auditor, path=path, name="付款", programme=world.programme.name, mapping=generate.MAPPING)
    return [float(r["金额"]) for r in rows]


@pytest.mark.parametrize(("test", "attribute"), [("benford_first", "F1D"), ("benford_first_two", "F2D")])
def test_it_agrees_with_benford_py(world, tmp_path, test, attribute):
    benford = pytest.importorskip("benford")
    import pandas as pd

    amounts = _load(world, tmp_path, generate.payments(6000, plant=False)[0])
    run = run_test(actor=world.auditor, source="付款", test=test)
    ours = run.result["benford"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = getattr(benford.Benford(pd.Series(amounts), decimals=2, verbose=False), attribute)
    assert ours["n"] == int(theirs.Counts.sum()) == len(amounts)
    for row in ours["digits"]:
        assert row["count"] == int(theirs.Counts.get(row["digit"], 0)), row["digit"]
        assert row["expected"] == pytest.approx(theirs.Expected[row["digit"]], abs=1e-12)
        # Nigrini applies the continuity correction 1/(2N) only when it is smaller than the difference;
        # benford_py always subtracts it, so the two agree exactly where the difference is larger.
        if abs(row["observed"] - row["expected"]) > 1 / (2 * ours["n"]):
            assert row["z"] == pytest.approx(theirs.Z_score[row["digit"]], abs=1e-9)
    assert ours["mad"] == pytest.approx(theirs.MAD, abs=1e-12)
    assert ours["verdict"] in ("close", "acceptable") and run.lead_count == 0


def test_amounts_crowding_under_a_limit_are_leads(world, tmp_path):
    rows = generate.payments(2000, plant=False)[0]
    for i, row in enumerate(rows[::4]):
        row["金额"] = f"{4900 + i % 97 + 0.37:.2f}"  # just under a 5,000 yuan approval limit
    _load(world, tmp_path, rows)
    run = run_test(actor=world.auditor, source="付款", test="benford_first_two")
    assert run.result["benford"]["verdict"] == "nonconformity"
    assert [lead.key for lead in run.leads.all()] == ["49"]
    first = run_test(actor=world.auditor, source="付款", test="benford_first")
    assert "4" in [lead.key for lead in first.leads.all()]


def test_it_refuses_a_small_sample(world, tmp_path):
    _load(world, tmp_path, generate.payments(100, plant=False)[0])
    run = run_test(actor=world.auditor, source="付款", test="benford_first")
    assert run.state == "failed" and "少于 300 笔" in run.result["error"] and run.lead_count == 0
