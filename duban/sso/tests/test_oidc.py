"""Sign-in through a real OpenID provider (npm oidc-provider under node) on loopback, in headless
Chromium: the code flow, a user matched by a claim, one created in the unit a claim names when an
admin allows it, an unknown one refused otherwise, and sign-out that ends the provider's session."""
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connections

from duban.org.models import User
from duban.sso.config import oidc_settings, provider_may_be_sent_to
from duban.sso.tests.servers import SKIP_POSTGRES, free_port, stop, wait_for_port

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HERE = Path(__file__).resolve().parent
PROVIDER_INSTALLED = (Path(django_settings.BASE_DIR) / "node_modules" / "oidc-provider").is_dir()

pytestmark = [
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Chromium is installed by scripts/system-deps.sh"),
    pytest.mark.skipif(not (shutil.which("node") and PROVIDER_INSTALLED), reason="node and npm's oidc-provider (make assets)"),
    pytest.mark.skipif(SKIP_POSTGRES, reason="database-agnostic: runs once, on SQLite"),
]


@pytest.fixture
def provider(live_server, settings, tmp_path):
    port = free_port()
    log = (tmp_path / "provider.log").open("w")
    process = subprocess.Popen(["node", str(HERE / "oidc_provider.mjs"), str(port), live_server.url],
                               stdout=log, stderr=subprocess.STDOUT, cwd=django_settings.BASE_DIR)
    try:
        wait_for_port(port, process)
        env = {"DUBAN_OIDC_ISSUER": f"http://127.0.0.1:{port}", "DUBAN_OIDC_CLIENT_ID": "duban",
               "DUBAN_OIDC_CLIENT_SECRET": "duban-test-secret"}
        for name, value in oidc_settings(env, None).items():
            setattr(settings, name, value)
        settings.CONTENT_SECURITY_POLICY = provider_may_be_sent_to(settings.CONTENT_SECURITY_POLICY, env["DUBAN_OIDC_ISSUER"])
        settings.ROOT_URLCONF = "duban.sso.tests.urls"
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
        log.close()


@pytest.fixture
def page(monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the live server and Playwright share a loop
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium.new_page(locale="zh-CN")
        chromium.close()
        connections.close_all()


def _sign_in_at_provider(page, base, login):
    page.goto(base + "/login/")
    page.click("text=统一身份认证登录")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "any")
    page.click("button[type=submit]")
    if page.locator("text=Continue").count():  # the provider asks once to share the claims
        page.click("button[type=submit]")
    page.wait_for_url(f"{base}/**")


def test_a_user_signs_in_through_the_provider_and_out_of_both(transactional_db, world, live_server, provider, page):
    _sign_in_at_provider(page, live_server.url, "liaison")
    assert page.url.rstrip("/") == live_server.url and page.locator("#id_password").count() == 0
    assert page.evaluate("fetch('/api/tasks').then(r => r.status)") == 200  # the session is liaison's
    page.click("form[action='/logout/'] button")
    page.wait_for_url(f"{provider}/**")
    page.click("button[value=yes]")  # the provider confirms its own sign-out, then sends us home
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("#id_password").count() == 1
    page.click("text=统一身份认证登录")
    page.wait_for_url(f"{provider}/**")
    assert page.locator("input[name=login]").count() == 1  # the provider's session ended too


def test_a_first_sign_in_creates_the_user_in_the_unit_a_claim_names(transactional_db, world, live_server,
                                                                     provider, page, settings):
    settings.OIDC_CREATE_USER = True
    _sign_in_at_provider(page, live_server.url, "wangfang")
    wang = User.objects.get(username="wangfang")
    assert [(m.unit.name, m.role) for m in wang.memberships.all()] == [("区审计局", "liaison")]
    assert wang.email == "wangfang@qiantang.example" and not wang.has_usable_password()


def test_an_unknown_person_is_refused_unless_creation_is_allowed(transactional_db, world, live_server, provider, page):
    _sign_in_at_provider(page, live_server.url, "wangfang")
    assert page.locator("#id_password").count() == 1 and not User.objects.filter(username="wangfang").exists()
