"""设置 pages, per persona: anonymous → sign-in, the wrong role → 403/404, the right one → 200; every change
shows afterwards and is one event; bad input is refused beside its field and writes nothing."""
import datetime as dt
import re

import pytest

from duban.core.eventlog import verify_log
from duban.core.models import Event, Holiday
from duban.org.models import Membership, Unit, User
from duban.supervision.models import AssessmentRule, OutboxMessage, Webhook
from duban.tasks.models import Programme

ADMIN_PAGES = ["/settings/org/", "/settings/users/liaison/", "/settings/holidays/", "/settings/rules/"]
KEEPER_PAGES = ["/settings/programmes/", "/settings/webhooks/"]


@pytest.fixture
def as_(client, world):
    def _as(username):
        client.force_login(world.users[username])
        return client
    return _as


@pytest.fixture
def hook(world):
    return Webhook.objects.create(kind="dingtalk", url="https://oapi.dingtalk.com/robot/send?access_token=abc",
                                  secret="SEC-1", unit=Unit.objects.get(name="钱塘区"))


def field_error(html: str, name: str) -> str:
    """The error text shown in the same field block as the input called `name`."""
    for block in re.findall(r'<p class="field has-error">(.*?)</p>', html, re.S):
        if f'name="{name}"' in block:
            return " ".join(re.findall(r'field-error" role="alert">(.*?)</span>', block))
    return ""


def events() -> int:
    return Event.objects.count()


def last_action() -> str:
    return Event.objects.order_by("-id").first().action


@pytest.mark.parametrize("path", ["/settings/", *ADMIN_PAGES, *KEEPER_PAGES, "/settings/programmes/1/"])
def test_it_sends_anonymous_visitors_to_the_sign_in_page(client, world, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("persona", ["liaison", "outsider", "leader", "supervisor"])
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_it_refuses_the_admin_pages_to_everyone_else(as_, persona, path):
    assert as_(persona).get(path).status_code == 403


@pytest.mark.parametrize("persona", ["liaison", "outsider", "leader"])
@pytest.mark.parametrize("path", KEEPER_PAGES)
def test_it_refuses_programmes_and_robots_to_people_who_supervise_nothing(as_, persona, path):
    assert as_(persona).get(path).status_code == 403


@pytest.mark.parametrize("persona", ["admin", "supervisor"])
@pytest.mark.parametrize("path", ["/settings/", *KEEPER_PAGES])
def test_it_opens_programmes_and_robots_to_supervisors_and_admins(as_, persona, path):
    assert as_(persona).get(path).status_code == 200


@pytest.mark.parametrize("path", ["/settings/", *ADMIN_PAGES])
def test_it_opens_every_section_to_the_admin(as_, path):
    assert as_("admin").get(path).status_code == 200


def test_it_lists_only_the_sections_a_person_may_open(as_):
    liaison_page = as_("liaison").get("/settings/").content.decode()
    assert "修改密码" in liaison_page and "考核规则" not in liaison_page and "督办项目" not in liaison_page
    supervisor_page = as_("supervisor").get("/settings/").content.decode()
    assert "督办项目" in supervisor_page and "消息推送" in supervisor_page and "单位与用户" not in supervisor_page


def test_it_hides_a_programme_outside_the_supervisors_jurisdiction(as_, world):
    page = as_("street_supervisor").get("/settings/programmes/").content.decode()
    assert world.programme.name not in page
    assert as_("street_supervisor").get(f"/settings/programmes/{world.programme.pk}/").status_code == 404
    assert as_("liaison").get(f"/settings/programmes/{world.programme.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["liaison", "supervisor"])
@pytest.mark.parametrize("path, data", [
    ("/settings/org/", {"op": "unit", "name": "区新部门", "kind": "department", "parent": "钱塘区"}),
    ("/settings/users/liaison/", {"op": "details", "email": "x@example.cn"}),
    ("/settings/users/liaison/", {"op": "deactivate"}),
    ("/settings/holidays/", {"date": "2027-02-08", "is_workday": "0", "name": "春节"}),
    ("/settings/rules/", {"code": "base", "base-points": "90", "base-active": "on"}),
])
def test_it_writes_nothing_when_the_wrong_persona_posts_an_admin_change(as_, persona, path, data):
    before = events()
    assert as_(persona).post(path, data).status_code == 403
    assert events() == before
    assert User.objects.get(username="liaison").is_active


def test_it_answers_404_to_a_robot_out_of_reach_and_leaves_it(as_, hook):
    before = events()
    for op in ("test", "delete", "save"):
        assert as_("street_supervisor").post(f"/settings/webhooks/{hook.pk}/", {"op": op}).status_code == 404
    assert as_("liaison").post(f"/settings/webhooks/{hook.pk}/", {"op": "test"}).status_code == 403
    assert events() == before and Webhook.objects.filter(pk=hook.pk).exists()
    assert not OutboxMessage.objects.exists()


def test_it_adds_a_unit_to_the_tree(as_):
    before = events()
    response = as_("admin").post("/settings/org/", {"op": "unit", "name": "区数据资源局", "short_name": "数据局",
                                                    "kind": "department", "parent": "钱塘区"}, follow=True)
    assert "区数据资源局" in response.content.decode()
    assert Unit.objects.get(name="区数据资源局").parent.name == "钱塘区"
    assert events() == before + 1 and last_action() == "unit.created"


def test_it_refuses_a_duplicate_unit_beside_its_name(as_):
    before = events()
    response = as_("admin").post("/settings/org/", {"op": "unit", "name": "区审计局", "kind": "department"})
    assert response.status_code == 400
    assert "已存在" in field_error(response.content.decode(), "name")
    assert events() == before


def test_it_adds_a_user_with_a_role(as_, client):
    response = as_("admin").post("/settings/org/", {
        "op": "user", "username": "zhangsan", "display_name": "张三", "unit": "前进街道", "role": "liaison",
        "password": "Qiantang-2026"}, follow=True)
    assert "前进街道 · 联络员" in response.content.decode()
    assert last_action() == "user.created"
    client.logout()
    assert client.login(username="zhangsan", password="Qiantang-2026")


def test_it_refuses_a_short_password_and_a_taken_name_beside_the_fields(as_):
    before = events()
    data = {"op": "user", "username": "zhangsan", "unit": "前进街道", "role": "liaison", "password": "short"}
    html = as_("admin").post("/settings/org/", data).content.decode()
    assert "至少10位" in field_error(html, "password")
    html = as_("admin").post("/settings/org/", {**data, "username": "liaison", "password": "Qiantang-2026"}).content.decode()
    assert "已被使用" in field_error(html, "username")
    assert events() == before and not User.objects.filter(username="zhangsan").exists()


def test_it_sets_an_email_address_for_mail_notices(as_):
    response = as_("admin").post("/settings/users/liaison/", {
        "op": "details", "display_name": "李联络", "title": "科长", "email": "li@qiantang.gov.cn"}, follow=True)
    assert "li@qiantang.gov.cn" in response.content.decode()
    assert User.objects.get(username="liaison").email == "li@qiantang.gov.cn"
    event = Event.objects.order_by("-id").first()
    assert event.action == "user.updated" and event.payload["changed"]["email"] == ["", "li@qiantang.gov.cn"]


def test_it_refuses_a_malformed_email_beside_the_field(as_):
    before = events()
    response = as_("admin").post("/settings/users/liaison/", {"op": "details", "email": "li at qiantang"})
    assert response.status_code == 400
    assert "不是有效的电子邮件地址" in field_error(response.content.decode(), "email")
    assert events() == before and User.objects.get(username="liaison").email == ""


def test_it_adds_and_removes_a_role(as_):
    client = as_("admin")
    client.post("/settings/users/outsider/", {"op": "role", "unit": "白杨街道", "role": "liaison"})
    assert Membership.objects.filter(user__username="outsider", unit__name="白杨街道").exists()
    assert last_action() == "user.role_added"
    response = client.post("/settings/users/outsider/", {"op": "role_remove", "unit": "白杨街道", "role": "liaison"},
                           follow=True)
    assert "白杨街道 · 联络员" not in response.content.decode()
    assert last_action() == "user.role_removed"


def test_it_refuses_to_remove_a_role_the_user_does_not_hold(as_):
    before = events()
    response = as_("admin").post("/settings/users/outsider/", {"op": "role_remove", "unit": "白杨街道", "role": "leader"})
    assert response.status_code == 400 and "没有「领导」角色" in response.content.decode()
    assert events() == before


def test_it_resets_a_password_and_lifts_the_sign_in_lock(as_, client):
    for _ in range(5):
        client.post("/login/", {"username": "liaison", "password": "wrong"})
    as_("admin").post("/settings/users/liaison/", {"op": "password", "password": "Reset-2026-pw"})
    assert last_action() == "user.password_reset"
    client.logout()
    assert client.post("/login/", {"username": "liaison", "password": "Reset-2026-pw"}).status_code == 302


def test_it_deactivates_a_user_who_then_cannot_sign_in(as_, client):
    response = as_("admin").post("/settings/users/outsider/", {"op": "deactivate"}, follow=True)
    assert "已停用" in response.content.decode()
    assert last_action() == "user.deactivated"
    client.logout()
    assert client.post("/login/", {"username": "outsider", "password": "duban-test-pw"}).status_code == 400


def test_it_refuses_an_admin_stopping_their_own_account(as_):
    response = as_("admin").post("/settings/users/admin/", {"op": "deactivate"})
    assert response.status_code == 400 and "不能停用自己的账号" in response.content.decode()
    assert User.objects.get(username="admin").is_active


def test_it_warns_when_next_years_holidays_are_unknown_and_stops_once_marked_complete(
        as_, world, django_capture_on_commit_callbacks):
    from duban.core import clock

    with clock.travel(dt.date(2031, 3, 2)):
        assert "2032年节假日安排尚未录入" in as_("admin").get("/settings/holidays/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):  # the edit reloads the calendar on commit
            as_("admin").post("/settings/holidays/", {"date": "2032-02-11", "is_workday": "0", "name": "春节"})
        page = as_("admin").get("/settings/holidays/").content.decode()
        assert "2032年节假日安排尚未录入" in page and "春节" in page  # one day is not the year's schedule
        with django_capture_on_commit_callbacks(execute=True):
            as_("admin").post("/settings/holidays/", {"op": "complete", "year": "2032", "complete": "yes"})
        page = as_("admin").get("/settings/holidays/").content.decode()
    assert "2032年节假日安排尚未录入" not in page
    assert last_action() == "calendar.year_marked"


def test_it_adds_and_removes_an_adjusted_working_day(as_):
    client = as_("admin")
    client.post("/settings/holidays/", {"date": "2027-02-20", "is_workday": "1", "name": "春节补班"})
    assert Holiday.objects.get(date="2027-02-20").is_workday
    client.post("/settings/holidays/", {"op": "remove", "date": "2027-02-20"})
    assert not Holiday.objects.exists() and last_action() == "calendar.day_removed"


def test_it_refuses_a_holiday_without_a_date_beside_the_field(as_):
    before = events()
    response = as_("admin").post("/settings/holidays/", {"date": "明年春节", "is_workday": "0"})
    assert response.status_code == 400 and field_error(response.content.decode(), "date")
    assert events() == before


def test_it_creates_a_programme_for_a_supervisor(as_):
    response = as_("supervisor").post("/settings/programmes/", {
        "name": "2026年巡视整改", "year": "2026", "kind": "inspection", "owner_unit": "钱塘区", "warning_workdays": "5",
        "report_cycle_workdays": "10", "recheck_after_days": "90"}, follow=True)
    assert "2026年巡视整改" in response.content.decode()
    assert last_action() == "programme.created"


def test_it_offers_a_street_supervisor_only_their_own_unit_as_owner(as_):
    before = events()
    response = as_("street_supervisor").post("/settings/programmes/", {
        "name": "越权项目", "year": "2026", "kind": "general", "owner_unit": "钱塘区", "warning_workdays": "5",
        "report_cycle_workdays": "10", "recheck_after_days": "90"})
    assert response.status_code == 400 and field_error(response.content.decode(), "owner_unit")
    assert events() == before and not Programme.objects.filter(name="越权项目").exists()


def test_it_shows_the_ladder_defaults_and_saves_a_changed_rung(as_, world):
    url = f"/settings/programmes/{world.programme.pk}/"
    page = as_("supervisor").get(url).content.decode()
    assert "默认：3" in page and "默认：钱督" in page and "默认：同预警提前工作日（5）" in page
    data = {"name": world.programme.name, "year": "2026", "kind": "audit", "warning_workdays": "7",
            "report_cycle_workdays": "10", "recheck_after_days": "90", "notice_workdays_after": "2",
            "notice_prefix": "钱审督", "blue_notice_on_reminder": "1"}
    as_("supervisor").post(url, data)
    programme = Programme.objects.get(pk=world.programme.pk)
    assert programme.warning_workdays == 7
    assert programme.settings == {"notice_workdays_after": 2, "notice_prefix": "钱审督", "blue_notice_on_reminder": True}
    event = Event.objects.order_by("-id").first()
    assert event.action == "programme.updated" and set(event.payload["changed"]) == {"warning_workdays", "settings"}
    from duban.supervision.rules import ladder_of

    assert ladder_of(programme).notice == 2 and ladder_of(programme).prefix == "钱审督"


def test_it_refuses_a_negative_rung_beside_the_field(as_, world):
    before = events()
    response = as_("supervisor").post(f"/settings/programmes/{world.programme.pk}/", {
        "name": world.programme.name, "year": "2026", "kind": "audit", "warning_workdays": "5",
        "report_cycle_workdays": "10", "recheck_after_days": "90", "urge_workdays_after": "-1"})
    assert response.status_code == 400 and field_error(response.content.decode(), "urge_workdays_after")
    assert events() == before


def test_it_edits_the_points_of_a_rule_and_disables_another(as_):
    client = as_("admin")
    client.post("/settings/rules/", {"code": "overdue_lead", "overdue_lead-points": "-8", "overdue_lead-active": "on"})
    client.post("/settings/rules/", {"code": "late_report", "late_report-points": "-1"})
    assert AssessmentRule.objects.get(code="overdue_lead").points == -8
    assert not AssessmentRule.objects.get(code="late_report").active
    assert last_action() == "assessment.rule_updated"
    assert 'value="-8"' in client.get("/settings/rules/").content.decode()


def test_it_refuses_points_that_are_not_a_number(as_):
    before = events()
    response = as_("admin").post("/settings/rules/", {"code": "base", "base-points": "一百", "base-active": "on"})
    assert response.status_code == 400 and "t-red" in response.content.decode()
    assert events() == before and AssessmentRule.objects.get(code="base").points == 100


def test_it_adds_a_robot_and_sends_a_test_message_through_the_outbox(as_, world):
    client = as_("admin")
    client.post("/settings/webhooks/", {"kind": "wecom", "unit": "区审计局", "active": "on",
                                        "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K1"})
    hook = Webhook.objects.get(unit__name="区审计局")
    assert last_action() == "webhook.saved"
    assert "K1" not in str(Event.objects.order_by("-id").first().payload)
    response = client.post(f"/settings/webhooks/{hook.pk}/", {"op": "test"}, follow=True)
    assert "测试消息已放入发送队列" in response.content.decode()
    message = OutboxMessage.objects.get()
    assert message.channel == "wecom" and message.recipient == str(hook.pk) and message.state == "pending"
    assert last_action() == "webhook.tested"


def test_it_keeps_the_secret_when_a_robot_is_edited_with_the_secret_blank(as_, hook):
    as_("admin").post(f"/settings/webhooks/{hook.pk}/", {
        "op": "save", f"h{hook.pk}-kind": "dingtalk", f"h{hook.pk}-unit": "钱塘区",
        f"h{hook.pk}-url": "https://oapi.dingtalk.com/robot/send?access_token=new"})
    hook.refresh_from_db()
    assert hook.secret == "SEC-1" and hook.url.endswith("token=new") and not hook.active


def test_it_refuses_a_robot_without_an_address_or_a_target(as_):
    before = events()
    html = as_("supervisor").post("/settings/webhooks/", {"kind": "dingtalk", "url": "oapi.dingtalk.com",
                                                          "unit": "区审计局"}).content.decode()
    assert "https://" in field_error(html, "url")
    html = as_("supervisor").post("/settings/webhooks/", {"kind": "dingtalk",
                                                          "url": "https://oapi.dingtalk.com/x"}).content.decode()
    assert "二选一" in field_error(html, "unit")
    assert events() == before and not Webhook.objects.exists()


def test_it_deletes_a_robot(as_, hook):
    as_("admin").post(f"/settings/webhooks/{hook.pk}/", {"op": "delete"})
    assert not Webhook.objects.exists() and last_action() == "webhook.deleted"


def test_it_keeps_the_log_verifiable_after_every_kind_of_change(as_, world, hook):
    client = as_("admin")
    client.post("/settings/org/", {"op": "unit", "name": "区数据资源局", "kind": "department", "parent": "钱塘区"})
    client.post("/settings/users/liaison/", {"op": "details", "email": "li@qiantang.gov.cn"})
    client.post("/settings/holidays/", {"date": "2027-02-08", "is_workday": "0", "name": "春节"})
    client.post("/settings/rules/", {"code": "base", "base-points": "90", "base-active": "on"})
    client.post(f"/settings/webhooks/{hook.pk}/", {"op": "test"})
    world.task(state="in_progress")
    result = verify_log()
    assert result.ok, result.problem


def test_it_speaks_english_when_asked(as_):
    client = as_("admin")
    client.post("/i18n/setlang/", {"language": "en", "next": "/settings/"})
    page = client.get("/settings/").content.decode()
    assert "Units and users" in page and "Assessment rules" in page
    assert "Holiday table" in client.get("/settings/holidays/").content.decode()
