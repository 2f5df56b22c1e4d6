"""Sign-in as an attacker tries it: many addresses, a proxy, /account/, weak passwords, old tokens."""
import datetime as dt

import pytest
from django.test import RequestFactory

from duban.api.models import ApiToken
from duban.core import clock
from duban.core.errors import DomainError
from duban.org.services import user_create, user_deactivate, user_set_password
from duban.supervision.calendar import calendar_token_for
from duban.supervision.models import CalendarToken
from duban.web.services import client_ip

pytestmark = pytest.mark.django_db
RIGHT = "duban-test-pw"


def sign_in(client, username, password, address="192.0.2.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_it_locks_the_account_whatever_address_the_guesses_come_from(client, world):
    for n in range(20):
        for _ in range(4):
            sign_in(client, "liaison", "guess", address=f"198.51.100.{n}")
    response = sign_in(client, "liaison", RIGHT, address="203.0.113.9")
    assert response.status_code == 400 and "账号已锁定" in response.content.decode()


def test_it_locks_for_longer_each_time(client, world):
    start = clock.now()
    with clock.travel(start):
        for _ in range(5):
            sign_in(client, "liaison", "guess")
    with clock.travel(start + dt.timedelta(minutes=16)):
        for _ in range(5):
            sign_in(client, "liaison", "guess")
    with clock.travel(start + dt.timedelta(minutes=16 + 20)):  # the second lock is 30 minutes
        assert "账号已锁定" in sign_in(client, "liaison", RIGHT).content.decode()
    with clock.travel(start + dt.timedelta(minutes=16 + 31)):
        assert sign_in(client, "liaison", RIGHT).status_code == 302


def test_it_takes_the_client_address_from_a_trusted_proxy_only(settings):
    settings.DUBAN_TRUSTED_PROXIES = ["10.0.0.1"]
    behind = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    forged = RequestFactory().get("/", REMOTE_ADDR="203.0.113.8", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert client_ip(behind) == "203.0.113.7" and client_ip(forged) == "203.0.113.8"


def test_it_locks_guessing_the_old_password_on_the_account_page(login, world):
    browser = login("liaison")
    for _ in range(5):
        browser.post("/account/", {"old_password": "guess", "new_password1": "Qiantang-2026-new",
                                   "new_password2": "Qiantang-2026-new"})
    response = browser.post("/account/", {"old_password": RIGHT, "new_password1": "Qiantang-2026-new",
                                          "new_password2": "Qiantang-2026-new"})
    assert "账号已锁定" in response.content.decode()
    browser.logout()
    assert sign_in(browser, "liaison", "Qiantang-2026-new").status_code == 400


@pytest.mark.parametrize("password, why", [("a", "至少10位"), ("123456789012", ""), ("password1234", ""),
                                           ("zhangsan2026", "")])
def test_it_refuses_weak_passwords(world, password, why):
    with pytest.raises(DomainError) as refused:
        user_create(actor=world.admin, username="zhangsan2026", password=password, unit="前进街道", role="liaison")
    assert why in str(refused.value) and refused.value.field == "password"


def test_it_keeps_the_demo_password_acceptable(world):
    user_create(actor=world.admin, username="gaige", password="duban-demo", unit="前进街道", role="liaison")


def _api(client, token):
    return client.get("/api/tasks", headers={"Authorization": f"Bearer {token}"}).status_code


def test_it_lets_api_tokens_run_out(client, world):
    token = ApiToken.issue(world.liaison)
    assert _api(client, token) == 200
    with clock.travel(clock.now() + dt.timedelta(days=91)):
        assert _api(client, token) == 401


def test_it_revokes_api_tokens_and_calendar_addresses_on_reset_and_deactivation(client, world):
    token, feed = ApiToken.issue(world.liaison), calendar_token_for(world.liaison)
    user_set_password(actor=world.admin, username="liaison", password="Qiantang-reset-1")
    assert _api(client, token) == 401
    assert client.get(f"/supervision/calendar/{feed}.ics").status_code == 404
    token = ApiToken.issue(world.co_liaison)
    user_deactivate(actor=world.admin, username="co_liaison")
    assert _api(client, token) == 401 and ApiToken.objects.get(user=world.co_liaison).revoked_at


def test_it_stores_calendar_addresses_hashed(client, world):
    feed = calendar_token_for(world.liaison)
    assert not CalendarToken.objects.filter(token=feed).exists()
    assert client.get(f"/supervision/calendar/{feed}.ics").status_code == 200
