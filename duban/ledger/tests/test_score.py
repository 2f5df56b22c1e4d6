"""The ledger's 考评得分: what each task has cost or earned its lead unit under the assessment rules."""
import datetime as dt

import pytest
from openpyxl import load_workbook

from duban.core import clock
from duban.ledger.export import ledger_export
from duban.ledger.importer import ledger_import
from duban.supervision.models import AssessmentRule, LadderStep, Notice, Rung
from duban.supervision.sweep import sweep
from duban.tasks import services as svc
from duban.tasks.services.evidence import MemoryFile

D = dt.date


@pytest.fixture
def april(world):
    """One task closed on time; one overdue, unreported, swept into a red notice and a missed report."""
    with clock.travel(D(2026, 3, 2)):
        met = world.task(state="in_progress", deadline=D(2026, 4, 10), title="按期完成的事项")
        late = world.task(state="in_progress", deadline=D(2026, 4, 15), title="逾期未完成的事项")
    with clock.travel(D(2026, 4, 8)):
        svc.task_request_closure(actor=world.liaison, task_id=met.pk, evidence=[MemoryFile("a.pdf", b"%PDF")])
    with clock.travel(D(2026, 4, 9)):
        svc.closure_approve(actor=world.supervisor, task_id=met.pk)
    with clock.travel(D(2026, 4, 20)):
        sweep(today=D(2026, 4, 20))
    return met, late


def _scores(world, path) -> dict[str, object]:
    with clock.travel(D(2026, 5, 6)):
        ledger_export(actor=world.supervisor, target=path)
    sheet = load_workbook(path).worksheets[0]
    headers = [c.value for c in sheet[3]]
    return {row[0]: row[headers.index("考评得分")] for row in sheet.iter_rows(min_row=4, values_only=True)}


def test_it_shows_what_each_task_cost_its_lead_unit(world, april, tmp_path):
    met, late = april
    assert Notice.objects.filter(task=late, color="red").count() == 1
    assert LadderStep.objects.filter(task=late, rung=Rung.STALE).count() == 1
    points = dict(AssessmentRule.objects.values_list("code", "points"))
    scores = _scores(world, tmp_path / "l.xlsx")
    assert scores[late.code] == points["overdue_lead"] + points["notice_red"] + points["missed_report"] == -9
    assert scores[met.code] == 0


def test_it_follows_the_rule_an_admin_edits(world, april, tmp_path):
    _, late = april
    AssessmentRule.objects.filter(code="notice_red").update(points=-6)
    AssessmentRule.objects.filter(code="missed_report").update(active=False)
    assert _scores(world, tmp_path / "l.xlsx")[late.code] == -5 - 6


def test_it_counts_a_returned_closure_against_its_task(world, tmp_path):
    with clock.travel(D(2026, 3, 2)):
        task = world.task(state="in_progress", deadline=D(2026, 9, 30))
        svc.task_request_closure(actor=world.liaison, task_id=task.pk, evidence=[MemoryFile("a.pdf", b"%PDF")])
        svc.closure_reject(actor=world.supervisor, task_id=task.pk, reason="佐证不足")
    assert _scores(world, tmp_path / "l.xlsx")[task.code] == -3


def test_it_leaves_the_score_alone_on_import(world, april, tmp_path):
    _, late = april
    path = tmp_path / "l.xlsx"
    _scores(world, path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[3]]
    for row in sheet.iter_rows(min_row=4):
        row[headers.index("考评得分")].value = 100
    book.save(path)
    with clock.travel(D(2026, 5, 6)):
        result = ledger_import(actor=world.supervisor, path=path)
    assert not result.errors and result.updated == 0 and result.created == 0
    assert _scores(world, path)[late.code] == -9
