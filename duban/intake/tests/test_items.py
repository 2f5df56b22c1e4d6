"""Items an office confirms as they come: partners named in a directive, one item per piece of
work, one article confirmed now and the others later, no task from a sound bite."""
import datetime as dt
import json

import pytest

from duban.intake import proposals
from duban.intake.models import IntakeDocument
from duban.intake.services import proposal_confirm
from duban.tasks.models import Task

pytestmark = pytest.mark.django_db

REPORT = """区政府召开城市更新工作推进会

本报讯（记者 林可）8日，区政府召开城市更新工作推进会，副区长马于惠主持会议。

会议要求，一要加快老旧小区改造，区住房和城乡建设局要会同区城市管理局在6月底前完成改造方案。二要严格资金监管，区审计局和白杨街道要联合开展专项审计。

【同期声】前进街道党工委书记 张明：我们要把群众满意作为第一标准，一件一件抓落实。

区政协副主席陈金泉参加会议。

白杨街道召开安全生产工作会议

本报讯（记者 林可）8日，白杨街道召开安全生产工作会议，街道党工委书记周敏主持会议。

周敏强调，前进街道要立即开展消防隐患排查。
"""


def build(world, date=None):
    return proposals.build(text=REPORT, name="城市更新.txt", programme=world.programme.name,
                           proposed_by="supervisor", date=date)


def keep_article(proposal, article):
    for task in proposal["tasks"]:
        task["keep"] = task["article"] == article
    return proposal


def test_the_same_work_from_an_item_and_its_units_sentence_is_proposed_once(world):
    tasks = build(world, dt.date(2026, 4, 9))["tasks"]
    first = [t for t in tasks if t["article"] == 0]
    assert [t["title"][:8] for t in first] == ["加快老旧小区改造", "严格资金监管，区"]
    assert first[0]["lead_unit"] == "区住房和城乡建设局" and first[0]["deadline"] == "2026-06-30"
    assert first[1]["lead_unit"] == "区审计局"


def test_a_partner_named_with_huitong_or_he_becomes_a_co_operating_unit(world):
    proposal = keep_article(build(world), 0)
    assert [t["co_units"] for t in proposal["tasks"] if t["keep"]] == [["区城市管理局"], ["白杨街道"]]
    proposal_confirm(actor=world.supervisor, proposal=proposal)
    co = {t.lead_unit.name: sorted(t.co_units.values_list("name", flat=True)) for t in Task.objects.all()}
    assert co == {"区住房和城乡建设局": ["区城市管理局"], "区审计局": ["白杨街道"]}


def test_a_quoted_we_must_of_someone_who_does_not_chair_proposes_no_task(world):
    titles = [t["directive"] for t in build(world)["tasks"]]
    assert not any("群众满意" in title for title in titles)
    assert any("消防隐患排查" in title for title in titles)  # the chair's own words still count


def test_confirming_one_article_leaves_the_others_to_confirm_later(world):
    proposal_confirm(actor=world.supervisor, proposal=keep_article(build(world), 0))
    later = proposal_confirm(actor=world.supervisor, proposal=keep_article(build(world), 1))
    assert Task.objects.count() == 3 and IntakeDocument.objects.get() == later
    assert sorted(later.links.values_list("item", flat=True)) == [1, 2, 3]
    with pytest.raises(Exception, match="第1项、第2项已于.*不能重复确认；请只勾选尚未确认的事项"):
        proposal_confirm(actor=world.supervisor, proposal=keep_article(build(world), 0))
    assert Task.objects.count() == 3


def test_the_review_page_confirms_one_article_then_the_other(world, client):
    client.force_login(world.supervisor)
    client.post("/intake/", {"text": REPORT, "date": "", "programme": world.programme.name})
    document = IntakeDocument.objects.get()
    assert "配合单位：区城市管理局" in client.get(f"/intake/{document.pk}/").content.decode()

    def form(article):
        data = {"programme_all": world.programme.name}
        for t in document.proposal["tasks"]:
            n = t["item"]
            data.update({f"title_{n}": t["title"], f"lead_unit_{n}": t["lead_unit"] or "",
                         f"deadline_{n}": "", f"programme_{n}": t["programme"]})
            if t["article"] == article:
                data[f"keep_{n}"] = "on"
        return data

    assert client.post(f"/intake/{document.pk}/", form(0)).status_code == 302
    page = client.get(f"/intake/{document.pk}/").content.decode()
    assert "已确认：2项拟办事项" in page and "其余1项可随后确认" in page and 'name="keep_3"' in page
    assert 'name="keep_1"' not in page
    assert client.post(f"/intake/{document.pk}/", form(1)).status_code == 302
    page = client.get(f"/intake/{document.pk}/").content.decode()
    assert "已确认：3项拟办事项" in page and "确认勾选的事项为拟办" not in page
    assert Task.objects.get(lead_unit__name="前进街道").title == "立即开展消防隐患排查"


def test_the_command_line_confirms_the_other_article_from_the_same_file(world, run, tmp_path):
    report = tmp_path / "城市更新.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "p.json"
    assert run("intake", "propose", report, "--programme", world.programme.name, "--as", "supervisor",
               "--out", out)[0] == 0
    for article, created in ((0, 2), (1, 1)):
        out.write_text(json.dumps(keep_article(json.loads(out.read_text(encoding="utf-8")), article),
                                  ensure_ascii=False), encoding="utf-8")
        code, printed, err = run("intake", "confirm", out, "--as", "supervisor")
        assert code == 0, err
        assert f"创建拟办事项{created}项" in printed
    code, _, err = run("intake", "confirm", out, "--as", "supervisor")
    assert code == 2 and "第3项已于" in err
