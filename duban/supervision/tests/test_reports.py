"""Calendar feeds, bulletins, dispatch packs and assessment, as their readers see them."""
import datetime as dt
import shutil
import subprocess

import docx
import icalendar
import pytest

from duban.core import clock
from duban.org.models import Unit
from duban.supervision.assessment import assessment_scores
from duban.supervision.bulletin import bulletin_docx
from duban.supervision.calendar import calendar_feed, calendar_token_for, calendar_token_regenerate
from duban.supervision.dispatch import dispatch_docx
from duban.supervision.models import AssessmentRule
from duban.supervision.sweep import sweep
from duban.tasks import services as svc

D = dt.date


def _events(feed: bytes) -> dict[str, dt.date]:
    cal = icalendar.Calendar.from_ical(feed)
    return {str(e["summary"]): e.decoded("dtstart") for e in cal.walk("VEVENT")}


def test_it_puts_a_deadline_on_its_day_in_the_calendar_feed(world):
    with clock.travel(D(2026, 3, 2)):
        task = world.task(state="in_progress", deadline=D(2026, 4, 30), title="审计整改回头看")
    events = _events(calendar_feed(world.liaison))
    assert events[f"【完成时限】{task.title}"] == D(2026, 4, 30)


def test_it_shows_the_outsider_nothing_in_the_calendar_feed(world):
    with clock.travel(D(2026, 3, 2)):
        world.task(state="in_progress", deadline=D(2026, 4, 30))
    assert _events(calendar_feed(world.outsider)) == {}


def test_it_revokes_the_old_calendar_url_when_regenerated(world, client):
    old = calendar_token_for(world.liaison)
    assert client.get(f"/supervision/calendar/{old}.ics").status_code == 200
    new = calendar_token_regenerate(user=world.liaison)
    assert client.get(f"/supervision/calendar/{old}.ics").status_code == 404
    response = client.get(f"/supervision/calendar/{new}.ics")
    assert response["Content-Type"].startswith("text/calendar")


@pytest.fixture
def april(world):
    """Two tasks due in April 2026: one closed on time, one overdue, unreported and swept."""
    with clock.travel(D(2026, 3, 2)):
        met = world.task(state="in_progress", deadline=D(2026, 4, 10), title="按期完成的事项")
        late = world.task(state="in_progress", deadline=D(2026, 4, 15), title="逾期未完成的事项")
    with clock.travel(D(2026, 4, 8)):
        from duban.tasks.services.evidence import MemoryFile

        svc.task_request_closure(actor=world.liaison, task_id=met.pk, evidence=[MemoryFile("a.pdf", b"%PDF")])
    with clock.travel(D(2026, 4, 9)):
        svc.closure_approve(actor=world.supervisor, task_id=met.pk)
    with clock.travel(D(2026, 4, 20)):
        sweep(today=D(2026, 4, 20))
    return met, late


def test_it_writes_the_bulletin_numbers(world, april, tmp_path):
    with clock.travel(D(2026, 5, 6)):
        path = bulletin_docx(user=world.supervisor, period="2026-04", out=tmp_path / "b.docx")
    document = docx.Document(path)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "期内到期事项2项，按期办结1项，按期办结率50.0%" in text
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["区审计局", "1", "0", "1", "2"] in cells
    assert any(row[1] == "逾期未完成的事项" and row[2] == "区审计局" for row in cells)
    assert len(document.inline_shapes) == 1  # the chart
    ranking = [row for row in cells if row[1] == "区审计局" and row[0].isdigit()]
    assert ranking[0][2] == "91"  # 100 − 5 overdue as lead − 2 red notice − 2 missed report


def test_it_converts_the_bulletin_to_pdf_with_libreoffice(world, april, tmp_path):
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed: scripts/system-deps.sh installs it")
    with clock.travel(D(2026, 5, 6)):
        path = bulletin_docx(user=world.supervisor, period="2026-04", out=tmp_path / "b.docx")
    run = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                          "pdf", str(path), "--outdir", str(tmp_path)], capture_output=True, timeout=180)
    assert run.returncode == 0
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")


def test_it_leaves_out_tasks_the_reader_cannot_see(world, april, tmp_path):
    with clock.travel(D(2026, 5, 6)):
        path = bulletin_docx(user=world.outsider, period="2026-04", out=tmp_path / "b.docx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "全部督办项目纳入督办事项0项" in text


def test_it_asks_the_dispatch_meeting_what_each_task_needs(world, april, tmp_path):
    with clock.travel(D(2026, 4, 20)):
        path = dispatch_docx(user=world.supervisor, programme=world.programme.name, out=tmp_path / "d.docx")
    rows = {r.cells[1].text: r.cells[6].text for t in docx.Document(path).tables for r in t.rows}
    assert "按期完成的事项" not in rows  # closed: not on the agenda
    assert rows["逾期未完成的事项"] == "请说明逾期原因，明确完成时间和措施"


def test_it_asks_the_meeting_to_review_closures_extensions_and_signing(world, tmp_path):
    from duban.tasks.services.evidence import MemoryFile

    with clock.travel(D(2026, 3, 2)):
        asked = world.task(state="in_progress", deadline=D(2026, 6, 30), title="待审核销号的事项")
        svc.task_request_closure(actor=world.liaison, task_id=asked.pk, evidence=[MemoryFile("a.pdf", b"%PDF")])
        longer = world.task(state="in_progress", deadline=D(2026, 6, 30), title="申请延期的事项")
        svc.extension_request(actor=world.liaison, task_id=longer.pk, new_deadline=D(2026, 9, 30), reason="待批复")
        world.task(state="assigned", deadline=D(2026, 6, 30), title="尚未签收的事项")
        path = dispatch_docx(user=world.supervisor, programme=world.programme.name, out=tmp_path / "d.docx")
    rows = {r.cells[1].text: r.cells[6].text for t in docx.Document(path).tables for r in t.rows}
    assert rows["待审核销号的事项"] == "已申请销号，请审核佐证材料"
    assert rows["申请延期的事项"] == "申请延期至2026-09-30，请研究"
    assert rows["尚未签收的事项"] == "尚未签收，请督促签收"


@pytest.mark.parametrize("as_ids", [500, 0], ids=["a district's units as ids", "a province's as a subquery"])
def test_it_scores_units_by_the_rules_an_admin_edits(world, april, monkeypatch, as_ids):
    from duban.supervision import assessment

    monkeypatch.setattr(assessment, "UNITS_AS_IDS", as_ids)
    units = Unit.objects.filter(name__in=["区审计局", "区住房和城乡建设局", "前进街道"])
    with clock.travel(D(2026, 5, 6)):
        scores = {r["unit"]: r["score"] for r in assessment_scores(units, "2026-04")}
        assert scores == {"区审计局": 91, "区住房和城乡建设局": 97, "前进街道": 100}
        AssessmentRule.objects.filter(code="overdue_co").update(points=-10)
        scores = {r["unit"]: r["score"] for r in assessment_scores(units, "2026-04")}
    assert scores["区住房和城乡建设局"] == 90
