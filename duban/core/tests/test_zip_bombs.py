"""Every zipped upload is judged by its zip directory before anything inflates it: a report .docx
for intake (web and command line) and Office or zip evidence, as the ledger's .xlsx already was."""
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.cli.main import main
from duban.core import zipguard
from duban.intake.models import IntakeDocument
from duban.tasks.models import Evidence

pytestmark = pytest.mark.django_db
CHUNK = b"\x00" * (1 << 20)


def bomb(suffix: str, megabytes: int) -> bytes:
    """A small, valid Office package whose one part inflates to `megabytes` MB."""
    buffer = io.BytesIO()
    main_part = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}.get(suffix, "data.bin")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(main_part, "w", force_zip64=True) as part:
            for _ in range(megabytes):
                part.write(CHUNK)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    return bomb(".docx", zipguard.MAX_DOCUMENT_UNPACKED_BYTES // (1 << 20) + 10)


@pytest.fixture(scope="module")
def evidence_bomb() -> bytes:
    return bomb(".docx", zipguard.MAX_UNPACKED_BYTES // (1 << 20) + 10)


def test_the_bombs_are_small_files(docx_bomb, evidence_bomb):
    assert len(docx_bomb) < 1 << 20 and len(evidence_bomb) < 1 << 20


def test_intake_on_the_command_line_refuses_a_docx_bomb_unread(world, docx_bomb, tmp_path, capsys):
    path = tmp_path / "报道.docx"
    path.write_bytes(docx_bomb)
    assert main(["intake", "extract", str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert "「报道.docx」解压后有60MB" in err and "可能是压缩炸弹" in err


def test_intake_on_the_web_refuses_a_docx_bomb(world, client, docx_bomb):
    client.force_login(world.supervisor)
    response = client.post("/intake/", {"file": SimpleUploadedFile("报道.docx", docx_bomb), "text": ""})
    assert response.status_code == 400 and "可能是压缩炸弹" in response.content.decode()
    assert not IntakeDocument.objects.exists()


def test_evidence_refuses_an_office_bomb(world, client, evidence_bomb):
    task = world.task(state="in_progress")
    client.force_login(world.liaison)
    upload = SimpleUploadedFile("整改报告.docx", evidence_bomb)
    response = client.post(f"/tasks/{task.pk}/do/report/", {"text": "进展", "percent": "10", "files": upload})
    assert response.status_code == 400 and "可能是压缩炸弹" in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_ordinary_docx_still_passes(world, client):
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    task = world.task(state="in_progress")
    client.force_login(world.liaison)
    upload = SimpleUploadedFile("整改报告.docx", buffer.getvalue())
    response = client.post(f"/tasks/{task.pk}/do/report/", {"text": "进展", "percent": "10", "files": upload})
    assert response.status_code == 302 and Evidence.objects.count() == 1
