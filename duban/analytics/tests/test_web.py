"""数据分析 pages: the loop from upload to a confirmed lead, and who may open each page."""
import datetime as dt

import pytest

from duban.analytics import generate
from duban.analytics.models import Lead, LeadState, Run, Source
from duban.analytics.services import run_test
from duban.analytics.tests.helpers import load_world
from duban.core import clock
from duban.core.progress import progress_write
from duban.tasks.models import Task


@pytest.fixture(autouse=True)
def _inline(settings):
    settings.ANALYTICS_RUNS_INLINE = True


def _client(client, username):
    client.login(username=username, password="duban-test-pw")
    return client


def test_it_loads_maps_runs_and_confirms_on_the_web(world, client, tmp_path):
    c = _client(client, "auditor")
    rows, truth, *_ = generate.payments(200)
    path = generate.write_csv(tmp_path / "付款.csv", rows, encoding="gb18030")
    with path.open("rb") as handle:
        response = c.post("/analytics/upload/", {"file": handle})
    assert response.status_code == 302
    page = c.get(response.url)
    assert page.status_code == 200 and "gb18030" in page.content.decode() and "供应商0000有限公司" in page.content.decode()
    form = {"name": "付款", "programme": world.programme.name, "audited_unit": "区审计局"}
    form |= {f"role_{role}": column for role, column in generate.MAPPING.items()}
    response = c.post(page.wsgi_request.path, form)
    source = Source.objects.get(name="付款")
    assert response.url.startswith("/analytics/load/") and source.row_count == len(rows)
    assert f"/analytics/sources/{source.pk}/" in c.get(response.url).content.decode()
    response = c.post(f"/analytics/sources/{source.pk}/run/", {"test": "split_purchase", "param_days": "7"})
    run = Run.objects.get()
    assert response.url == f"/analytics/runs/{run.pk}/"
    html = c.get(response.url).content.decode()
    assert "拆分采购" in html and "拆单戊公司" in html and "1 个疑点" in html
    lead = run.leads.get()
    response = c.post(f"/analytics/leads/{lead.pk}/confirm/", {"reason": "", "deadline": ""})
    assert response.status_code == 400 and "须写明理由" in response.content.decode()
    deadline = (clock.today() + dt.timedelta(days=30)).isoformat()
    c.post(f"/analytics/leads/{lead.pk}/confirm/", {"reason": "三笔合计超过限额，已核实", "deadline": deadline})
    lead.refresh_from_db()
    assert lead.state == LeadState.CONFIRMED and Task.objects.get(pk=lead.task_id).programme == world.programme
    assert f"/tasks/{lead.task_id}/" in c.get(f"/analytics/runs/{run.pk}/").content.decode()
    again = c.post(f"/analytics/runs/{run.pk}/repeat/")
    repeated = Run.objects.exclude(pk=run.pk).get()
    assert again.url == f"/analytics/runs/{repeated.pk}/" and repeated.params == run.params
    assert repeated.leads.get().row_nos == lead.row_nos


def test_a_bad_mapping_is_named_on_the_page(world, client, tmp_path):
    c = _client(client, "auditor")
    path = tmp_path / "a.csv"
    path.write_text("日期,金额\n2026-03-05,abc\n", encoding="utf-8")
    with path.open("rb") as handle:
        url = c.post("/analytics/upload/", {"file": handle}).url
    response = c.post(url, {"name": "甲", "programme": world.programme.name, "role_date": "日期", "role_amount": "金额"})
    response = c.get(response.url)
    assert "第2行「金额」（金额）：「abc」不是金额" in response.content.decode() and 'role="alert"' in response.content.decode()
    assert not Source.objects.exists()


def test_a_load_running_in_another_serving_process_shows_its_counters(world, client, tmp_path, settings):
    """With `duban serve --workers N` the poll may reach another process than the one loading: the
    page reads the load's state from beside the upload, never from its own memory."""
    settings.DUBAN_HOME = str(tmp_path / "home")
    c = _client(client, "auditor")
    path = tmp_path / "a.csv"
    path.write_text("日期,金额\n2026-03-05,100\n", encoding="utf-8")
    with path.open("rb") as handle:
        token = c.post("/analytics/upload/", {"file": handle}).url.rstrip("/").rsplit("/", 1)[-1]
    upload = tmp_path / "home" / "analytics-uploads" / token
    assert c.get(f"/analytics/load/{token}/").status_code == 404  # nothing started
    progress_write(upload.with_name(upload.name + ".load.json"),
                   {"state": "running", "stage": "write", "done": 5000, "total": 20000})
    page = c.get(f"/analytics/load/{token}/").content.decode()
    assert "正在写入" in page and "5000 / 20000" in page and 'hx-trigger="every 1s"' in page


def test_the_benford_chart_gets_its_data_without_inline_script(world, client, tmp_path):
    load_world(world, tmp_path, plant=False, n=600)
    run = run_test(actor=world.auditor, source="付款", test="benford_first")
    html = _client(client, "auditor").get(f"/analytics/runs/{run.pk}/").content.decode()
    assert 'id="benford-data" type="application/json"' in html and "analytics/benford.js" in html
    assert "<script>" not in html


@pytest.mark.parametrize("username", ["auditor", "supervisor"])
def test_analysts_of_the_jurisdiction_open_every_page(world, client, tmp_path, username):
    urls = _urls(world, tmp_path)
    c = _client(client, username)
    for url in urls:
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("username", ["outsider", "liaison", "leader", "admin", "street_supervisor"])
def test_everyone_else_gets_404_for_every_page_and_action(world, client, tmp_path, username):
    urls = _urls(world, tmp_path)
    lead = Lead.objects.first()
    c = _client(client, username)
    for url in urls:
        assert c.get(url).status_code == 404, url
    for url in [f"/analytics/leads/{lead.pk}/confirm/", f"/analytics/leads/{lead.pk}/dismiss/",
                f"/analytics/runs/{lead.run_id}/repeat/",
                f"/analytics/sources/{lead.run.source_id}/run/", "/analytics/upload/"]:
        assert c.post(url, {"reason": "x", "test": "dup_exact"}).status_code == 404, url
    assert Lead.objects.get(pk=lead.pk).state == LeadState.OPEN and Run.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(world, client, tmp_path):
    for url in _urls(world, tmp_path):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def _urls(world, tmp_path) -> list[str]:
    load_world(world, tmp_path)
    run = run_test(actor=world.auditor, source="付款", test="dup_exact")
    source = Source.objects.get(name="付款")
    return ["/analytics/", "/analytics/tests/", f"/analytics/sources/{source.pk}/", f"/analytics/runs/{run.pk}/"]


def test_only_analysts_see_the_navigation_entry(world, client):
    assert 'href="/analytics/"' in _client(client, "auditor").get("/").content.decode()
    client.logout()
    assert 'href="/analytics/"' not in _client(client, "liaison").get("/").content.decode()
