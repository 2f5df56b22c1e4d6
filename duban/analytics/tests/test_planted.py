"""Every planted anomaly is found as its own lead, and clean data gives no lead at all."""
import pytest

from duban.analytics.models import Lead
from duban.analytics.rules import CATALOGUE
from duban.analytics.services import run_test
from duban.analytics.tests.helpers import OTHER, load_world

LEAD_TESTS = [code for code, rule in CATALOGUE.items() if rule.kind == "leads"]


def _leads(world, code):
    params = {"other": OTHER[code]} if code in OTHER else {}
    run = run_test(actor=world.auditor, source="付款", test=code, params=params)
    assert run.state == "done", run.result
    return [set(lead.row_nos) for lead in Lead.objects.filter(run=run)]


def test_it_finds_every_planted_anomaly_and_nothing_else(world, tmp_path):
    truth = load_world(world, tmp_path)
    for code in LEAD_TESTS:
        found = _leads(world, code)
        assert sorted(map(sorted, found)) == sorted(map(sorted, truth[code])), code


@pytest.mark.parametrize("n", [600])
def test_it_finds_nothing_on_clean_data(world, tmp_path, n):
    load_world(world, tmp_path, plant=False, n=n)
    for code in LEAD_TESTS:
        assert _leads(world, code) == [], code


def test_it_takes_the_other_source_by_its_number_as_well_as_its_name(world, tmp_path):
    from duban.analytics.models import Source

    truth = load_world(world, tmp_path)
    other = Source.objects.get(name=OTHER["vendor_employee"])
    run = run_test(actor=world.auditor, source="付款", test="vendor_employee", params={"other": str(other.pk)})
    assert run.state == "done", run.result
    found = [set(lead.row_nos) for lead in Lead.objects.filter(run=run)]
    assert sorted(map(sorted, found)) == sorted(map(sorted, truth["vendor_employee"]))
