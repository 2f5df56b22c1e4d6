"""The /audit/ pages: each out of reach answers 404, each change goes through the services and a
refusal is shown in words."""
import pytest

from duban.audit import services as audit
from duban.audit.models import Finding
from duban.audit.tests.test_ledger import _book, _rows


@pytest.fixture
def finding(world, plan):
    return audit.finding_create(actor=world.auditor, project_id=plan.projects.get().pk, problem="<b>违规</b>发放津贴补贴",
                                rectification_class="立行立改", audited_unit="区审计局", amount="12.5")


def _paths(plan, finding):
    project = plan.projects.get().pk
    return [f"/audit/plans/{plan.pk}/", f"/audit/plans/{plan.pk}/export.xlsx", f"/audit/plans/{plan.pk}/export.docx",
            f"/audit/projects/{project}/", f"/audit/projects/{project}/ledger/", f"/audit/projects/{project}/report/"]


def test_it_answers_404_out_of_reach_and_200_in_reach(client, world, plan, finding):
    client.force_login(world.outsider)
    for path in _paths(plan, finding) + ["/audit/summary/2026.docx"]:
        assert client.get(path).status_code == 404, path
    assert "2026年度审计项目计划" not in client.get("/audit/").content.decode()
    for persona in ("auditor", "supervisor", "leader"):
        client.force_login(world.users[persona])
        for path in _paths(plan, finding) + ["/audit/summary/2026.docx"]:
            assert client.get(path).status_code == 200, (persona, path)


def test_it_sends_anonymous_visitors_to_sign_in(client, world, plan, finding):
    for path in _paths(plan, finding):
        assert client.get(path)["Location"].startswith("/login/?next=")


def test_it_escapes_what_was_typed(client, world, plan, finding):
    client.force_login(world.auditor)
    page = client.get(f"/audit/projects/{plan.projects.get().pk}/").content.decode()
    assert "&lt;b&gt;违规&lt;/b&gt;" in page and "<b>违规</b>" not in page


def test_it_refuses_a_staged_finding_without_stages_on_the_page(client, world, plan):
    client.force_login(world.auditor)
    url = f"/audit/projects/{plan.projects.get().pk}/"
    response = client.post(url, {"action": "finding", "problem": "超概算", "rectification_class": "staged",
                                 "audited_unit": "区审计局", "amount": "3"}, follow=True)
    assert "分阶段整改的问题须列出阶段节点" in response.content.decode()
    assert not Finding.objects.exists()


def test_it_shows_every_row_error_of_a_refused_import(client, world, plan, tmp_path):
    client.force_login(world.auditor)
    rows = _rows()
    rows[0][3] = "马上改"
    with _book(tmp_path / "bad.xlsx", rows).open("rb") as upload:
        response = client.post(f"/audit/projects/{plan.projects.get().pk}/", {"action": "import", "file": upload})
    assert response.status_code == 400
    assert "第3行「整改类型」: 「马上改」不是整改类型" in response.content.decode()
    assert not Finding.objects.exists()


def test_an_outsider_cannot_change_anything_either(client, world, plan):
    client.force_login(world.outsider)
    url = f"/audit/projects/{plan.projects.get().pk}/"
    response = client.post(url, {"action": "finding", "problem": "x", "rectification_class": "immediate",
                                 "audited_unit": "前进街道", "amount": "1"})
    assert response.status_code == 404 and not Finding.objects.exists()
    assert client.post(f"/audit/plans/{plan.pk}/", {"action": "adjust"}).status_code == 404
