"""`duban intake extract | propose | confirm`: the seed page read well, confirmed once, refusals clear."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from duban.core.models import Event
from duban.intake.models import IntakeDocument
from duban.intake.tests.conftest import SEED
from duban.tasks.models import Task
from textintake.tests.scoring import field_f1, mean_f1

pytestmark = pytest.mark.django_db

AUDIT_ARTICLE = 1  # 一届区委审计委员会第八次会议: its directives fall to 区审计局 in the test district


def propose(run, world, tmp_path, *, keep=lambda t: t["article"] == AUDIT_ARTICLE, edit=None):
    out = tmp_path / "seed.proposal.json"
    code, _, err = run("intake", "propose", SEED, "--programme", world.programme.name, "--as", "supervisor",
                       "--out", out)
    assert code == 0, err
    proposal = json.loads(out.read_text(encoding="utf-8"))
    for item in proposal["tasks"]:
        item["keep"] = keep(item)
    if edit:
        edit(proposal)
    out.write_text(json.dumps(proposal, ensure_ascii=False), encoding="utf-8")
    return out, proposal


def test_it_reads_the_seed_page_as_well_as_the_gold_answer(world, run, gold):
    code, out, err = run("intake", "extract", SEED, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert mean_f1(gold, result) >= 0.95, field_f1(gold, result)


def test_it_summarises_each_article_for_a_reader(world, run):
    code, out, _ = run("intake", "extract", SEED)
    assert code == 0
    assert "2. 沈燕俊在一届区委审计委员会第八次会议上强调" in out
    assert "会议：一届区委审计委员会第八次会议（2026-03-27）" in out
    assert "主持/带队：沈燕俊" in out
    assert "［区审计部门］切实把握思想和行动统一到区委决策部署上来" in out


def test_it_confirms_exactly_the_proposed_drafts_linked_to_the_meeting(world, run, tmp_path):
    path, proposal = propose(run, world, tmp_path)
    kept = [t for t in proposal["tasks"] if t["keep"]]
    assert len(kept) == 9 and {t["lead_unit"] for t in kept} == {"区审计局"}
    code, out, err = run("intake", "confirm", path, "--as", "supervisor", "--json")
    assert code == 0, err
    created = Task.objects.filter(pk__in=[t["id"] for t in json.loads(out)["tasks"]])
    assert sorted(t.title for t in created) == sorted(t["title"] for t in kept)
    assert {(t.state, t.source_kind, t.source_ref) for t in created} == {
        ("draft", "meeting", "一届区委审计委员会第八次会议（2026年3月27日）")}
    assert Event.objects.filter(action="task.created", task_id__in=[t.pk for t in created]).count() == 9
    document = IntakeDocument.objects.get()
    assert document.confirmed_by == world.supervisor and document.text.startswith("\n")
    assert sorted(document.tasks.values_list("pk", flat=True)) == sorted(t.pk for t in created)
    link = created.get(title__startswith="以人工智能提升审计监督质效").intake_link
    assert "以人工智能提升审计监督质效" in document.text[link.start:link.end]


def test_it_refuses_to_confirm_the_same_report_twice(world, run, tmp_path):
    path, _ = propose(run, world, tmp_path)
    assert run("intake", "confirm", path, "--as", "supervisor")[0] == 0
    again, _ = propose(run, world, tmp_path, keep=lambda t: True, edit=lambda p: [
        t.update(lead_unit="区审计局") for t in p["tasks"]])
    code, _, err = run("intake", "confirm", again, "--as", "supervisor")
    assert code == 2 and "不能重复确认" in err and "陈督查" not in err
    assert Task.objects.count() == 9


def test_it_refuses_an_unknown_unit_naming_the_nearest_and_creates_nothing(world, run, tmp_path):
    def misname(proposal):
        next(t for t in proposal["tasks"] if t["keep"] and t["item"] > 11)["lead_unit"] = "区审计署"
    path, _ = propose(run, world, tmp_path, edit=misname)
    code, _, err = run("intake", "confirm", path, "--as", "supervisor")
    assert code == 2
    assert "没有名为「区审计署」的单位，是否指「区审计局」" in err and "第12项" in err
    assert not Task.objects.exists() and not IntakeDocument.objects.exists()


def test_it_refuses_an_item_without_a_lead_unit_by_its_number(world, run, tmp_path):
    path, _ = propose(run, world, tmp_path, keep=lambda t: t["item"] == 31)
    code, _, err = run("intake", "confirm", path, "--as", "supervisor")
    assert code == 2 and "第31项" in err and "没有牵头单位" in err
    assert not Task.objects.exists()


@pytest.mark.parametrize("username", ["liaison", "outsider", "leader"])
def test_it_lets_only_supervising_roles_propose_or_confirm(world, run, tmp_path, username):
    code, _, err = run("intake", "propose", SEED, "--programme", world.programme.name, "--as", username,
                       "--out", tmp_path / "p.json")
    assert code == 2 and "只有督查员或审计人员" in err
    path, _ = propose(run, world, tmp_path)
    code, _, err = run("intake", "confirm", path, "--as", username)
    assert code == 2 and not Task.objects.exists()


def test_it_lets_an_auditor_confirm_into_an_audit_programme_only(world, run, tmp_path):
    plan, _ = propose(run, world, tmp_path, edit=lambda p: [t.update(programme=world.reviewed.name)
                                                             for t in p["tasks"]])
    code, _, err = run("intake", "confirm", plan, "--as", "auditor")
    assert code == 2 and "您无权向「区审计局」交办「2026年共同富裕30项重点任务」的事项" in err
    audit, _ = propose(run, world, tmp_path)
    assert run("intake", "confirm", audit, "--as", "auditor")[0] == 0


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


BAD_FILES = {
    "empty.txt": (b"", "是空文件"),
    "binary.txt": (bytes(range(256)) * 40, "二进制文件"),
    "gibberish.txt": (bytes([0xFE, 0x81, 0x7F, 0xC3, 0x28, 0xA0, 0xFF]) * 300, "无法识别文件“gibberish.txt”的文字编码"),
    "notes.txt": ("今天天气很好，我们去公园散步。\n".encode(), "没有找到报道"),
    "report.xls": (b"PK\x03\x04", "不受支持"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_it_refuses_a_bad_file_with_a_clear_message(world, run, tmp_path, name):
    data, words = BAD_FILES[name]
    code, out, err = run("intake", "extract", _write(tmp_path, name, data), "--json")
    assert code == 2 and words in err and "Traceback" not in err + out


def test_it_refuses_a_50_mb_file_without_reading_it(world, run, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, _, err = run("intake", "extract", path)
    assert code == 2 and "超过 20 MB 的上限" in err


def test_it_reads_gb18030_and_word_files(world, run, tmp_path, seed_text):
    from docx import Document

    gb = _write(tmp_path, "page.txt", seed_text.encode("gb18030"))
    doc = Document()
    for line in seed_text.splitlines():
        doc.add_paragraph(line)
    doc.save(tmp_path / "page.docx")
    for path in (gb, tmp_path / "page.docx"):
        code, out, err = run("intake", "extract", path, "--json")
        assert code == 0, err
        assert len(json.loads(out)["articles"]) == 8


def test_it_refuses_a_scanned_pdf_and_a_missing_file(world, run, tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with (tmp_path / "scan.pdf").open("wb") as handle:
        writer.write(handle)
    code, _, err = run("intake", "extract", tmp_path / "scan.pdf")
    assert code == 2 and "没有文字层" in err
    code, _, err = run("intake", "confirm", tmp_path / "missing.json", "--as", "supervisor")
    assert code == 2 and "找不到提议文件「missing.json」" in err


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (apt libreoffice-writer) makes the PDF")
def test_it_reads_a_pdf_with_a_text_layer(world, run, tmp_path, seed_text, gold):
    # A real PDF with a CJK text layer, as a newspaper's e-paper or a printed .docx gives it.
    from docx import Document

    doc = Document()
    for line in seed_text.splitlines():
        doc.add_paragraph(line)
    doc.save(tmp_path / "page.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "page.docx")], check=True, capture_output=True,
                   timeout=180)
    code, out, err = run("intake", "extract", tmp_path / "page.pdf", "--date", "2026-03-31", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert len(result["articles"]) == len(gold["articles"])
    # The text layer loses quotation marks drawn in a Latin font and wraps lines at the page width.
    assert mean_f1(gold, result) >= 0.95, field_f1(gold, result)


def test_it_reads_a_report_on_a_machine_without_the_database(tmp_path):
    # reading is text alone: an unreachable database does not stop it (nor slow it by setting up)
    env = {**os.environ, "DUBAN_HOME": str(tmp_path), "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}
    done = subprocess.run([sys.executable, "-m", "duban.cli.main", "intake", "extract", str(SEED), "--json"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["articles"]) == 8
    refused = subprocess.run([sys.executable, "-m", "duban.cli.main", "intake", "propose", str(SEED),
                              "--programme", "x", "--as", "supervisor"], env=env, capture_output=True, text=True,
                             timeout=120)
    assert refused.returncode == 1 and "无法连接数据库" in refused.stderr
