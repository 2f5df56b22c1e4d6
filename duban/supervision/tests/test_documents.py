"""Documents fit to issue: the GB/T 9704-2012 layout read back from the files, document numbers,
bulletin periods, and the printable 督办单."""
import datetime as dt
import shutil
import subprocess

import docx
import pytest
from docx.shared import Pt

from duban.core import clock
from duban.core.errors import DomainError
from duban.supervision.bulletin import bulletin_docx
from duban.supervision.dispatch import dispatch_docx
from duban.supervision.models import Notice
from duban.supervision.notice_doc import notice_docx
from duban.supervision.periods import period_bounds, period_label
from duban.supervision.sweep import sweep

D = dt.date


@pytest.fixture
def overdue(world):
    with clock.travel(D(2026, 3, 2)):
        task = world.task(state="in_progress", deadline=D(2026, 4, 15), title="逾期未完成的事项")
    with clock.travel(D(2026, 4, 21)):
        sweep(today=D(2026, 4, 21))
    return task


def _bulletin(world, tmp_path, **kwargs):
    with clock.travel(D(2026, 5, 6)):
        return docx.Document(bulletin_docx(user=world.supervisor, out=tmp_path / "b.docx", **kwargs))


def _runs(document):
    return [run for p in document.paragraphs for run in p.runs if run.text.strip()]


def test_it_lays_the_bulletin_out_on_a4_with_the_standard_margins(world, overdue, tmp_path):
    section = _bulletin(world, tmp_path, period="2026-04").sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]  # type area 156 × 225 mm


def test_it_sets_the_title_at_2hao_and_the_body_at_3hao(world, overdue, tmp_path):
    document = _bulletin(world, tmp_path, period="2026-04")
    title = next(r for r in _runs(document) if r.text.startswith("关于"))
    assert title.font.size == Pt(22) and title.font.bold
    assert title.element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    body = next(p for p in document.paragraphs if "纳入督办事项" in p.text)
    assert body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters
    assert round(body.paragraph_format.line_spacing.pt, 2) == 28.95  # 22 lines on the page


def test_it_numbers_each_kind_of_document_from_its_own_counter(world, overdue, tmp_path):
    first = _bulletin(world, tmp_path, period="2026-04")
    second = _bulletin(world, tmp_path, period="2026-04")
    texts = ["\n".join(p.text for p in d.paragraphs) for d in (first, second)]
    assert "钱督通〔2026〕1号" in texts[0] and "钱督通〔2026〕2号" in texts[1]
    with clock.travel(D(2026, 5, 6)):
        path = dispatch_docx(user=world.supervisor, programme=world.programme.name, out=tmp_path / "d.docx")
    assert "钱督调〔2026〕1号" in "\n".join(p.text for p in docx.Document(path).paragraphs)


def test_it_signs_with_the_issuer_and_the_date_in_arabic_numerals(world, overdue, tmp_path):
    texts = [p.text for p in _bulletin(world, tmp_path, period="2026-04").paragraphs if p.text]
    assert texts[-2:] == ["钱塘区", "2026年4月30日"]


def test_it_numbers_pages_odd_right_and_even_left(world, overdue, tmp_path):
    document = _bulletin(world, tmp_path, period="2026-04")
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text.startswith("— ") and odd.text.endswith(" —")
    assert "PAGE" in odd._p.xml and "PAGE" in even._p.xml
    assert (odd.alignment, even.alignment) == (2, 0)  # right, left


@pytest.mark.parametrize("period, bounds, label", [
    ("2026", (D(2026, 1, 1), D(2026, 12, 31)), "2026年"),
    ("2026-Q1", (D(2026, 1, 1), D(2026, 3, 31)), "2026年第一季度"),
    ("2026-03", (D(2026, 3, 1), D(2026, 3, 31)), "2026年3月"),
    ("2026-W14", (D(2026, 3, 30), D(2026, 4, 5)), "2026年第14周（3月30日至4月5日）"),
    ("2026-03-01..2026-03-15", (D(2026, 3, 1), D(2026, 3, 15)), "2026年3月1日至3月15日"),
])
def test_it_reads_every_kind_of_period(period, bounds, label):
    assert period_bounds(period) == bounds
    assert period_label(period) == label


@pytest.mark.parametrize("period", ["2026-13", "9999", "2026-03-15..2026-03-01", "2020-01-01..2030-01-01",
                                    "上个月", "2026-Q5"])
def test_it_refuses_a_period_it_cannot_read(period):
    with pytest.raises(DomainError) as refused:
        period_bounds(period)
    assert refused.value.field == "period"


def test_it_writes_a_quarter_bulletin_opening_from_its_figures(world, overdue, tmp_path):
    text = "\n".join(p.text for p in _bulletin(world, tmp_path, period="2026-Q2").paragraphs)
    assert "2026年第二季度，全部督办项目纳入督办事项1项，其中红灯1项、黄灯0项、绿灯0项" in text
    assert "红灯事项最多的是区审计局（1项）" in text


def test_it_ranks_only_the_programme_a_bulletin_is_about(world, overdue, tmp_path):
    from duban.tasks.services import programme_create

    other = programme_create(actor=world.supervisor, name="2026年民生实事项目", year=2026, owner_unit="钱塘区",
                             kind="plan")
    with clock.travel(D(2026, 3, 2)):
        world.task(state="in_progress", deadline=D(2026, 4, 15), title="另一项目的逾期事项", programme=other.name)
    with clock.travel(D(2026, 4, 21)):
        sweep(today=D(2026, 4, 21))
    def first(**kwargs):
        document = _bulletin(world, tmp_path, period="2026-04", **kwargs)
        return next([c.text for c in r.cells][1:3] for t in document.tables for r in t.rows if r.cells[0].text == "1")

    # One overdue task costs 5 as lead, 2 for its red notice and 2 for the missed report: 9 points.
    assert first(programme=other.name) == ["区审计局", "91"]
    assert first() == ["区审计局", "82"]


def test_it_prints_a_notice_with_its_number_and_answer_date(world, overdue, tmp_path):
    notice = Notice.objects.get(task=overdue)
    path = notice_docx(user=world.supervisor, number=notice.number, out=tmp_path / "n.docx")
    document = docx.Document(path)
    text = "\n".join(p.text for p in document.paragraphs)
    assert notice.number in text and "区审计局：" in text
    cells = {r.cells[0].text: r.cells[1].text for t in document.tables for r in t.rows}
    assert cells["牵头单位"] == "区审计局" and cells["督办项目"] == world.programme.name
    assert cells["完成时限"] == "2026-04-15"


def test_it_hides_a_notice_from_a_unit_that_cannot_see_its_task(world, overdue, tmp_path, client):
    notice = Notice.objects.get(task=overdue)
    with pytest.raises(DomainError):
        notice_docx(user=world.outsider, number=notice.number, out=tmp_path / "n.docx")
    client.force_login(world.outsider)
    assert client.get(f"/supervision/notices/{notice.pk}/print/").status_code == 404
    client.force_login(world.liaison)
    response = client.get(f"/supervision/notices/{notice.pk}/print/")
    assert response.status_code == 200 and response["Content-Type"].endswith("document")


def test_it_converts_each_document_to_an_a4_pdf(world, overdue, tmp_path):
    soffice, pdfinfo = shutil.which("soffice"), shutil.which("pdfinfo")
    if not (soffice and pdfinfo):
        pytest.skip("LibreOffice and poppler-utils are installed by scripts/system-deps.sh")
    notice = Notice.objects.get(task=overdue)
    with clock.travel(D(2026, 5, 6)):
        paths = [bulletin_docx(user=world.supervisor, period="2026-Q2", out=tmp_path / "b.docx"),
                 dispatch_docx(user=world.supervisor, programme=world.programme.name, out=tmp_path / "d.docx"),
                 notice_docx(user=world.supervisor, number=notice.number, out=tmp_path / "n.docx")]
    for path in paths:
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                        "pdf", str(path), "--outdir", str(tmp_path)], capture_output=True, timeout=180, check=True)
        info = subprocess.run([pdfinfo, str(path.with_suffix(".pdf"))], capture_output=True, text=True).stdout
        page_size = next(line for line in info.splitlines() if line.startswith("Page size"))
        assert page_size.endswith("pts (A4)"), info
        embedded = subprocess.run(["pdffonts", str(path.with_suffix(".pdf"))], capture_output=True, text=True).stdout
        assert "NotoSerifCJK" in embedded  # the stand-in for 小标宋 and 仿宋 is what the PDF carries
