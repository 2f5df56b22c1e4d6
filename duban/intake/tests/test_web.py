"""`/intake/`: paste → review beside the text → confirm into drafts; per-persona access on every page."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.core.models import Event
from duban.intake.models import IntakeDocument
from duban.intake.selectors import WEB_MAX_BYTES
from duban.tasks.models import Task

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def paste(client, text, **extra):
    return client.post("/intake/", {"text": text, "date": "", "programme": "", **extra})


@pytest.fixture
def document(world, client, seed_text):
    response = paste(signed_in(client, world.supervisor), seed_text, programme=world.programme.name)
    assert response.status_code == 302
    return IntakeDocument.objects.get()


def form_of(document, keep_article=1, **overrides):
    """The review form as a supervisor leaves it: one article's items ticked, suggestions kept."""
    data = {}
    for t in document.proposal["tasks"]:
        n = t["item"]
        if t["article"] == keep_article:
            data[f"keep_{n}"] = "on"
        data.update({f"title_{n}": t["title"], f"lead_unit_{n}": t["lead_unit"] or "",
                     f"deadline_{n}": t["deadline"] or "", f"programme_{n}": t["programme"]})
    data.update(overrides)
    return data


def test_it_shows_the_facts_and_each_proposed_task_beside_its_marked_sentence(world, client, document):
    page = client.get(f"/intake/{document.pk}/").content.decode()
    assert "一届区委审计委员会第八次会议（2026-03-27）" in page
    assert "<dd>张蕙娜、范国权、李丰、杜晔彪</dd>" in page
    assert "《钱塘区2026年度审计项目计划》" in page
    assert "区委书记、区委审计委员会主任 沈燕俊" in page
    mark = re.search(r'<mark id="s-16" data-item="16">(.*?)<sup>', page, re.S).group(1)
    assert "以人工智能提升审计监督质效" in mark
    select = re.search(r'<select id="lead-10" name="lead_unit_10">(.*?)</select>', page, re.S).group(1)
    assert "<option selected>区审计局</option>" in select


def test_it_confirms_the_ticked_tasks_as_drafts_one_service_call_each(world, client, document):
    data = form_of(document, **{"title_16": "建设“科技强审”数据分析平台", "deadline_16": "2030-06-30"})
    response = client.post(f"/intake/{document.pk}/", data)
    assert response.status_code == 302
    tasks = Task.objects.all()
    assert tasks.count() == 9 and {t.state for t in tasks} == {"draft"}
    assert {t.source_ref for t in tasks} == {"一届区委审计委员会第八次会议（2026年3月27日）"}
    edited = tasks.get(title="建设“科技强审”数据分析平台")
    assert str(edited.deadline) == "2030-06-30" and edited.lead_unit.name == "区审计局"
    assert Event.objects.filter(action="task.created").count() == 9
    page = client.get(f"/intake/{document.pk}/").content.decode()
    assert "已确认：9项拟办事项" in page and f"/tasks/{edited.pk}/" in page


def test_it_keeps_the_edits_and_names_the_item_when_a_lead_unit_is_missing(world, client, document):
    data = form_of(document, **{"lead_unit_12": "", "title_12": "财政资金审计"})
    response = client.post(f"/intake/{document.pk}/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "第12项「财政资金审计」没有牵头单位" in page and 'value="财政资金审计"' in page
    assert not Task.objects.exists()


def test_it_refuses_to_confirm_the_same_report_twice_in_the_web(world, client, document, seed_text):
    assert client.post(f"/intake/{document.pk}/", form_of(document)).status_code == 302
    paste(client, seed_text.replace("\n", "\r\n"), programme=world.programme.name)  # as a browser sends it
    again = IntakeDocument.objects.exclude(pk=document.pk).get()
    response = client.post(f"/intake/{again.pk}/", form_of(again))
    assert response.status_code == 400 and "不能重复确认" in response.content.decode()
    assert Task.objects.count() == 9


@pytest.mark.parametrize("text, words", [
    ("", "没有可读的文字"), ("今天天气很好，我们去公园散步。", "没有找到报道")])
def test_it_shows_bad_pasted_text_in_the_page(world, client, text, words):
    response = paste(signed_in(client, world.supervisor), text)
    assert response.status_code == 400 and words in response.content.decode()


def test_it_reads_an_upload_and_refuses_a_bad_or_large_one(world, client, seed_text):
    signed_in(client, world.supervisor)
    upload = SimpleUploadedFile("页面.txt", seed_text.encode("gb18030"))
    assert client.post("/intake/", {"file": upload, "text": ""}).status_code == 302
    binary = client.post("/intake/", {"file": SimpleUploadedFile("x.txt", b"\x00\x01" * 50)})
    assert binary.status_code == 400 and "“x.txt”是二进制文件" in binary.content.decode()
    big = SimpleUploadedFile("big.txt", b"a" * (WEB_MAX_BYTES + 1))
    response = client.post("/intake/", {"file": big})
    assert response.status_code == 400 and "超过网页上传 10 MB 的上限" in response.content.decode()


def test_it_lets_an_auditor_read_but_confirm_only_into_audit_programmes(world, client, seed_text):
    response = paste(signed_in(client, world.auditor), seed_text, programme=world.reviewed.name)
    document = IntakeDocument.objects.get()
    assert response.status_code == 302
    response = client.post(f"/intake/{document.pk}/", form_of(document))
    assert response.status_code == 400 and "您无权向「区审计局」交办" in response.content.decode()


@pytest.mark.parametrize("persona, status", [
    (None, 302), ("liaison", 403), ("outsider", 403), ("leader", 403), ("supervisor", 200), ("auditor", 200)])
def test_it_opens_the_intake_page_only_to_supervising_roles(world, client, persona, status):
    if persona:
        signed_in(client, getattr(world, persona))
    response = client.get("/intake/")
    assert response.status_code == status
    if persona is None:
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("persona, status", [
    (None, 302), ("liaison", 403), ("outsider", 403), ("street_supervisor", 404), ("supervisor", 200)])
def test_it_shows_a_reading_only_to_its_reader(world, client, document, persona, status):
    client.logout()
    if persona:
        signed_in(client, getattr(world, persona))
    assert client.get(f"/intake/{document.pk}/").status_code == status
    confirmed = client.post(f"/intake/{document.pk}/", form_of(document))
    assert confirmed.status_code == (302 if persona == "supervisor" else status)
    assert Task.objects.exists() == (persona == "supervisor")


def test_it_speaks_english_to_a_user_who_chose_english_but_keeps_the_report_as_read(world, client, document, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/intake/").content.decode()
    assert "<h1>Document intake</h1>" in page and "Reports I have read in" in page
    review = client.get(f"/intake/{document.pk}/").content.decode()
    assert "Read another report" in review and "Confirm the ticked tasks as drafts" in review
    assert "<dt>Attended by</dt><dd>张蕙娜、范国权、李丰、杜晔彪</dd>" in review
