"""One filter vocabulary: the same filter picks the same tasks from the web list, the web export,
the API, the command line's list and its ledger export. (Before, the web took ids and the others
names, and "open" was a state only the web knew.)"""
import io
import json

import pytest
from openpyxl import load_workbook

from duban.api.models import ApiToken
from duban.cli.main import main
from duban.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(world):
    led = world.task(state="in_progress", title="审计局牵头的事项")
    co = world.task(state="assigned", lead_unit="区城市管理局", co_units=["区审计局"], title="审计局配合的事项")
    world.task(state="closed", title="审计局牵头已销号")
    world.task(state="assigned", lead_unit="区城市管理局", co_units=[], title="与审计局无关")
    return {led.code, co.code}


def _codes_in_xlsx(content: bytes) -> set[str]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return {row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] and "-" in str(row[0])}


@pytest.mark.parametrize("unit_by", ["id", "name"])
def test_the_same_filter_picks_the_same_tasks_everywhere(world, three, login, client, capsys, tmp_path, unit_by):
    unit = Unit.objects.get(name="区审计局")
    value = str(unit.pk) if unit_by == "id" else unit.name
    query = {"unit": value, "state": "open"}
    web = login("supervisor")
    listed = {t.code for t, *_ in web.get("/tasks/", query).context["rows"]}
    exported = _codes_in_xlsx(web.get("/ledger/export.xlsx", query).content)
    token = ApiToken.issue(world.supervisor)
    api = {t["code"] for t in client.get("/api/tasks", query, headers={"Authorization": f"Bearer {token}"}).json()}
    assert main(["task", "list", "--as", "supervisor", "--unit", value, "--state", "open", "--json"]) == 0
    command = {t["code"] for t in json.loads(capsys.readouterr().out)}
    out = tmp_path / "ledger.xlsx"
    assert main(["ledger", "export", "--as", "supervisor", "--unit", value, "--state", "open", "--out", str(out)]) == 0
    ledger = _codes_in_xlsx(out.read_bytes())
    assert listed == exported == api == command == ledger == three


def test_a_filter_outside_the_vocabulary_is_refused_by_the_api_and_the_command_line(world, client, capsys):
    token = ApiToken.issue(world.supervisor)
    response = client.get("/api/tasks", {"due": "yesterday"}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and "时限" in response.json()["detail"]
    assert main(["task", "list", "--as", "supervisor", "--due", "yesterday"]) == 2
    assert "时限「yesterday」无效" in capsys.readouterr().err


def test_an_id_no_row_can_have_finds_nothing_instead_of_failing(world, three, client, login):
    token = ApiToken.issue(world.supervisor)
    huge = "9" * 25
    for key in ("programme", "unit", "lead"):
        response = client.get("/api/tasks", {key: huge}, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200 and response.json() == []
    login("supervisor")
    assert client.get("/tasks/", {"programme": huge}).status_code == 200


def test_a_filter_chip_names_only_a_programme_its_reader_may_see(world, login):
    from duban.tasks.services import programme_create

    hidden = programme_create(actor=world.street_supervisor, name="白杨街道内部督办", year=2026, owner_unit="白杨街道")
    response = login("liaison").get("/tasks/", {"programme": hidden.pk})
    page = response.content.decode()
    assert response.status_code == 200 and f"项目：{hidden.pk}" in page  # the chip is there, by number
    assert "白杨街道内部督办" not in page
    own = login("supervisor").get("/tasks/", {"programme": world.programme.pk}).content.decode()
    assert f"项目：{world.programme.name}" in own  # a programme the reader sees is named
    assert login("supervisor").get("/tasks/", {"programme": "9" * 30}).status_code == 200


def test_the_filter_menus_keep_the_chosen_unit_and_programme_and_escape_their_names(world, login):
    from duban.tasks.services import programme_create

    odd = programme_create(actor=world.supervisor, name='专项<script>alert(1)</script>"督办', year=2026,
                           owner_unit="区审计局")
    world.task(programme=odd.name)
    unit = Unit.objects.get(name="区审计局")
    page = login("supervisor").get("/tasks/", {"programme": odd.pk, "unit": unit.pk}).content.decode()
    assert f'<option value="{odd.pk}" selected>专项&lt;script&gt;alert(1)&lt;/script&gt;&quot;督办</option>' in page
    assert f'<option value="{unit.pk}" selected>区审计局</option>' in page
    assert "<script>alert(1)" not in page and page.count(" selected>") == 2
    form = login("supervisor").get("/tasks/new/", {"programme": odd.pk}).content.decode()
    assert f'<option value="{odd.pk}" selected>专项&lt;script' in form
