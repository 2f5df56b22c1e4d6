"""台账 pages: export with the list's filters, upload → preview → confirm, jobs only for their owner."""
import io

import pytest
from openpyxl import load_workbook

from duban.ledger.models import ImportJob
from duban.ledger.tests.helpers import later, office_file
from duban.tasks.models import Task

PLAN = "2026年共同富裕30项重点任务"


@pytest.fixture(autouse=True)
def _jobs_inline(settings):
    # The test database lives in one connection's transaction: run jobs in the request.
    settings.LEDGER_JOBS_INLINE = True


def _codes(response) -> list:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]


def _upload(client, user, path):
    """`user` uploads the file at `path` for a preview, as the ledger page's form does."""
    client.force_login(user)
    with path.open("rb") as handle:
        return client.post("/ledger/import/", {"file": handle, "programme": PLAN})


def test_it_sends_anonymous_visitors_to_sign_in(client):
    for url in ("/ledger/", "/ledger/export.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_exports_what_the_task_list_shows_for_the_same_filters(world, client):
    mine = world.task(programme=PLAN, code="W-1")
    world.task(code="W-2")
    client.force_login(world.supervisor)
    response = client.get(f"/ledger/export.xlsx?programme={world.reviewed.pk}")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert _codes(response) == [mine.code]
    client.force_login(world.outsider)
    assert _codes(client.get("/ledger/export.xlsx")) == []


def test_it_previews_then_imports_on_confirmation(world, client, tmp_path):
    path = office_file(tmp_path / "l.xlsx", [["V-1", "网页导入的事项", "区审计局", None, later(), None]])
    response = _upload(client, world.supervisor, path)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "检查通过（尚未写入）" in page.content.decode() and Task.objects.count() == 0

    preview = ImportJob.objects.get()
    response = client.post(f"/ledger/jobs/{preview.pk}/confirm/")
    page = client.get(response["Location"]).content.decode()
    assert "已导入" in page and Task.objects.get().title == "网页导入的事项"


def test_a_preview_whose_file_the_sweep_removed_asks_for_the_file_again_instead_of_failing(world, client, tmp_path):
    from pathlib import Path

    path = office_file(tmp_path / "l.xlsx", [["V-9", "一周前预检的事项", "区审计局", None, later(), None]])
    _upload(client, world.supervisor, path)
    preview = ImportJob.objects.get()
    Path(preview.stored_path).unlink()  # as the sweep does a week after the upload
    response = client.post(f"/ledger/jobs/{preview.pk}/confirm/")
    assert response.status_code == 400 and "已清理，请重新上传" in response.content.decode()
    assert ImportJob.objects.count() == 1 and Task.objects.count() == 0


def test_it_shows_every_problem_and_offers_no_confirmation(world, client, tmp_path):
    path = office_file(tmp_path / "l.xlsx", [["V-2", "坏日期", "区审计局", None, "3月中下旬", None]])
    response = _upload(client, world.supervisor, path)
    page = client.get(response["Location"]).content.decode()
    assert "第3行「完成时限」: 无法识别的日期&quot;3月中下旬&quot;" in page and "确认导入" not in page
    job = ImportJob.objects.get()
    assert client.post(f"/ledger/jobs/{job.pk}/confirm/").status_code == 404


def test_it_hides_a_job_from_everyone_but_its_owner(world, client, tmp_path):
    path = office_file(tmp_path / "l.xlsx", [["V-3", "事项", "区审计局", None, later(), None]])
    _upload(client, world.supervisor, path)
    job = ImportJob.objects.get()
    client.force_login(world.outsider)
    assert client.get(f"/ledger/jobs/{job.pk}/").status_code == 404
    assert client.post(f"/ledger/jobs/{job.pk}/confirm/").status_code == 404


def test_it_refuses_a_non_excel_upload_on_the_preview(world, client, tmp_path):
    path = tmp_path / "l.xlsx"
    path.write_text("编号,事项内容\n", encoding="utf-8")
    response = _upload(client, world.supervisor, path)
    assert "不是Excel工作簿" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db(transaction=True)
def test_it_runs_the_import_off_the_request_and_the_page_finds_it_again(client, tmp_path, settings):
    import time

    from conftest import World

    settings.LEDGER_JOBS_INLINE = False
    world = World()
    rows = [[f"T-{i}", f"事项{i}", "区审计局", None, later(), None] for i in range(300)]
    path = office_file(tmp_path / "l.xlsx", rows)
    location = _upload(client, world.supervisor, path)["Location"]
    for _ in range(300):  # poll as the page does, until the job reports an outcome
        page = client.get(location).content.decode()
        if "hx-trigger" not in page:
            break
        time.sleep(0.1)
    assert "新建 <strong>300</strong>" in page


def test_it_speaks_english_to_a_user_who_chose_english(world, client, settings):
    client.force_login(world.supervisor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/ledger/").content.decode()
    assert "<h1>Ledgers</h1>" in page and "Import a ledger" in page and "Upload and check" in page
    assert "Choose the .xlsx ledger file to import" in client.post("/ledger/import/", {}).content.decode()
