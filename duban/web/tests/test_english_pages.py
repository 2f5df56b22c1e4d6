"""A user who chose English reads every module's main page in English, not only the older ones."""
import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

# (who signs in, page, English a user must see, the Chinese heading English replaces)
PAGES = [
    ("supervisor", "/ratings/", ["<h1>Satisfaction ratings</h1>", "New rating", "Rating title"], "满意度测评"),
    ("supervisor", "/cases/", ["<h1>Case library</h1>", "No cases found.", "Keywords"], "案例库"),
    ("supervisor", "/decisions/", ["<h1>Catalogue of major administrative decisions</h1>", "No catalogue yet."],
     "重大行政决策事项目录"),
    ("supervisor", "/audit/", ["<h1>Audit rectification</h1>", "Draw up the annual audit project plan",
                               "Plan title"], "审计整改"),
    ("supervisor", "/inspection/", ["<h1>Inspection rectification</h1>", "No inspection feedback",
                                    "Completion rate"], "巡视整改"),
    ("supervisor", "/analytics/", ["<h1>Audit data analytics</h1>", "No data sources yet.",
                                   "Upload and map columns"], "审计数据分析"),
    ("supervisor", "/analytics/tests/", ["<h1>Test catalogue</h1>", "Columns needed"], "测试目录"),
    ("admin", "/settings/org/import/", ["<h1>Import the roster</h1>", "Export the current roster as a template"],
     "导入花名册"),
    ("supervisor", "/tasks/new/", ["<h1>New task</h1>", "Add a milestone", "Save as a draft task"], "新建事项"),
    ("liaison", "/account/", ["Notification channels", "In-app notices", "Save notification channels"], "通知方式"),
]


@pytest.mark.parametrize("persona, url, english, chinese", PAGES, ids=[p[1] for p in PAGES])
def test_a_module_page_speaks_english_to_a_user_who_chose_it(world, client, persona, url, english, chinese):
    client.force_login(getattr(world, persona))
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert [text for text in english if text not in page] == []
    assert chinese not in page


def test_the_single_sign_on_button_speaks_english_too(client, settings):
    settings.ROOT_URLCONF = "duban.sso.tests.urls"
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/login/").content.decode()
    assert "Sign in with single sign-on" in page and "统一身份认证登录" not in page


def test_what_a_page_says_after_saving_is_english_too(world, client):
    client.force_login(world.liaison)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.post("/account/notifications/", {"channels": ["inapp"]}, follow=True).content.decode()
    assert "Notification channels saved: In-app notices" in page and "通知方式已保存" not in page
