"""The settings page: upload → preview → confirm; and the invited person's one-time link."""
import datetime as dt
import re

import pytest

from duban.core import clock
from duban.org.models import User
from duban.orgchart.tests.roster import PEOPLE, UNITS, roster
from duban.supervision.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _upload(client, path):
    with path.open("rb") as handle:
        return client.post("/settings/org/import/", {"file": handle})


def test_an_admin_previews_then_confirms(world, client, tmp_path):
    client.force_login(world.admin)
    preview = _upload(client, roster(tmp_path / "花名册.xlsx", UNITS, PEOPLE))
    assert preview.status_code == 200 and "确认导入" in preview.content.decode()
    assert not User.objects.filter(username="wangfang").exists()
    done = client.post("/settings/org/import/confirm/", follow=True)
    assert "已导入花名册：新建单位 3 个、人员 3 人，发出邀请 2 封" in done.content.decode()
    assert User.objects.filter(username="wangfang").exists()
    assert client.post("/settings/org/import/confirm/").status_code == 400  # a preview confirms once


def test_the_preview_lists_every_error_escaped(world, client, tmp_path):
    client.force_login(world.admin)
    people = [("<b>王</b>", "wang", "区审计局", "<i>组长</i>", "", "", "")]
    page = _upload(client, roster(tmp_path / "bad.xlsx", people=people))
    text = page.content.decode()
    assert page.status_code == 400 and "「人员」表第2行 D列「角色」" in text
    assert "&lt;i&gt;组长&lt;/i&gt;" in text and "<i>组长</i>" not in text and "确认导入" not in text


def test_only_admins_reach_the_import_page(world, client):
    client.force_login(world.supervisor)
    assert client.get("/settings/org/import/").status_code == 403
    assert client.get("/settings/org/export.xlsx").status_code == 403


def _link(email: str) -> str:
    text = OutboxMessage.objects.get(recipient=email).text
    return re.search(r"http://[^/]+(/invite/[^/\s]+/)", text)[1]


def test_an_invited_person_sets_a_password_once(world, client, tmp_path):
    from duban.orgchart.importer import orgchart_import

    orgchart_import(actor=world.admin, path=roster(tmp_path / "a.xlsx", UNITS, PEOPLE))
    link = _link("wangfang@example.cn")
    assert "王芳" in client.get(link).content.decode()
    answer = client.post(link, {"password": "Qiantang-2026!", "password2": "Qiantang-2026!"}, follow=True)
    assert answer.redirect_chain[-1][0] == "/login/"
    assert client.login(username="wangfang", password="Qiantang-2026!")
    client.logout()
    again = client.post(link, {"password": "Another-2026!", "password2": "Another-2026!"})
    assert again.status_code == 410 and "已使用" in again.content.decode()


def test_an_invitation_expires(world, client, tmp_path, settings):
    from duban.orgchart.importer import orgchart_import

    settings.DUBAN_INVITE_DAYS = 3
    orgchart_import(actor=world.admin, path=roster(tmp_path / "a.xlsx", UNITS, PEOPLE))
    link = _link("liqiang@example.cn")
    with clock.travel(clock.now() + dt.timedelta(days=4)):
        page = client.get(link)
    assert page.status_code == 410 and "已过期" in page.content.decode()
    assert client.get("/invite/inv_forged/").status_code == 410
