"""The pages, per persona: anonymous → sign-in, outsider sees nothing of other units."""
import datetime as dt

import docx
import pytest

from duban.core import clock
from duban.supervision.outbox import deliver
from duban.supervision.sweep import sweep

D = dt.date


@pytest.fixture
def urged(world):
    with clock.travel(D(2026, 1, 5)):
        task = world.task(state="in_progress", deadline=D(2026, 2, 26), title="老旧小区改造")
    with clock.travel(D(2026, 2, 26)):
        sweep(today=D(2026, 2, 26))
        deliver()
    return task


@pytest.mark.parametrize("url", ["/supervision/notices/", "/supervision/bulletins/", "/supervision/calendar/"])
def test_it_sends_anonymous_visitors_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_shows_the_liaison_the_urge_and_the_outsider_nothing(world, urged, client):
    client.force_login(world.liaison)
    assert "老旧小区改造" in client.get("/supervision/notices/").content.decode()
    client.force_login(world.outsider)
    assert "老旧小区改造" not in client.get("/supervision/notices/").content.decode()


def test_it_hides_a_notice_once_its_task_is_out_of_reach(world, urged, client):
    from duban.org.models import Membership

    Membership.objects.filter(user=world.liaison).delete()
    client.force_login(world.liaison)
    assert "老旧小区改造" not in client.get("/supervision/notices/").content.decode()


def test_it_downloads_the_bulletin_from_the_page(world, urged, client):
    client.force_login(world.supervisor)
    assert client.get("/supervision/bulletins/").status_code == 200
    with clock.travel(D(2026, 3, 5)):
        response = client.post("/supervision/bulletins/", {"kind": "bulletin", "period": "2026-02"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    import io

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs)
    assert "2026年2月，全部督办项目纳入督办事项1项" in text


def test_it_says_what_is_missing_in_the_bulletin_form(world, client):
    client.force_login(world.supervisor)
    response = client.post("/supervision/bulletins/", {"kind": "bulletin", "period": ""})
    assert "请填写通报的期间" in response.content.decode()


def test_it_gives_the_outsider_an_empty_bulletin(world, urged, client):
    client.force_login(world.outsider)
    with clock.travel(D(2026, 3, 5)):
        response = client.post("/supervision/bulletins/", {"kind": "bulletin", "period": "2026-02"})
    import io

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs)
    assert "纳入督办事项0项" in text and "老旧小区改造" not in text


def test_it_shows_the_assessment_panel_on_the_battle_map(world, client):
    with clock.travel(D(2026, 3, 2)):
        world.task(state="in_progress", deadline=D(2026, 3, 20))
    with clock.travel(D(2026, 3, 27)):
        sweep(today=D(2026, 3, 27))
        client.force_login(world.supervisor)
        page = client.get("/").content.decode()
    assert "单位考核得分（2026-03" in page
    assert "事项逾期（牵头单位） 1次（-5）" in page


def test_it_speaks_english_on_the_notices_and_the_bulletin_form(world, client, settings):
    client.force_login(world.supervisor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "<h1>Notices</h1>" in client.get("/supervision/notices/").content.decode()
    page = client.post("/supervision/bulletins/", {"kind": "bulletin", "period": ""}).content.decode()
    assert "Period" in page and "Fill in the bulletin&#x27;s period, e.g. 2026-04 or 2026-Q1" in page


def test_it_downloads_a_quarter_bulletin_and_refuses_an_unreadable_period(world, urged, client):
    client.force_login(world.supervisor)
    with clock.travel(D(2026, 3, 5)):
        response = client.post("/supervision/bulletins/", {"kind": "bulletin", "period": "2026-Q1"})
        assert response["Content-Disposition"].startswith("attachment")
        refused = client.post("/supervision/bulletins/", {"kind": "bulletin", "period": "2026-Q5"})
    assert refused.status_code == 200 and "期间应为" in refused.content.decode()


def test_it_lists_the_notices_issued_with_a_print_link(world, client):
    from duban.supervision.models import Notice

    with clock.travel(D(2026, 3, 2)):
        task = world.task(state="in_progress", deadline=D(2026, 3, 20), title="<b>老旧小区</b>改造")
    with clock.travel(D(2026, 3, 27)):
        sweep(today=D(2026, 3, 27))
    notice = Notice.objects.get(task=task)
    client.force_login(world.liaison)
    page = client.get("/supervision/notices/").content.decode()
    assert notice.number in page and f"/supervision/notices/{notice.pk}/print/" in page
    assert "&lt;b&gt;老旧小区&lt;/b&gt;" in page
    client.force_login(world.outsider)
    assert notice.number not in client.get("/supervision/notices/").content.decode()
