"""Sign-in as an attacker tries it: many addresses, a proxy, /account/, weak passwords, old tokens."""
import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.utils import timezone

from duban.api.models import ApiToken
from duban.core import clock
from duban.core.errors import DomainError
from duban.org.services import user_create, user_deactivate, user_set_password, user_unlock
from duban.supervision.calendar import calendar_token_for
from duban.supervision.models import CalendarToken

pytestmark = pytest.mark.django_db
RIGHT = "duban-test-pw"


def sign_in(client, username, password, address="192.0.2.1", **headers):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def at(minutes: float):
    """Django's clock (the one django-axes keeps its times on), `minutes` after the test began."""
    return time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False)


START = timezone.now().replace(microsecond=0)


def test_it_locks_the_account_whatever_address_the_guesses_come_from(client, world):
    with at(0):
        for n in range(20):
            for _ in range(4):
                sign_in(client, "liaison", "guess", address=f"198.51.100.{n}")
    with at(14):  # still within the cool-off: the right password from yet another address is refused
        response = sign_in(client, "liaison", RIGHT, address="203.0.113.9")
    page = response.content.decode()
    assert response.status_code == 400 and "账号已锁定" in page and "登录督办系统" in page
    assert "Account locked" not in page  # our page in Chinese, not the library's own
    with at(16):
        assert sign_in(client, "liaison", RIGHT, address="203.0.113.9").status_code == 302


def test_it_locks_for_longer_each_time(client, world):
    with at(0):
        for _ in range(5):
            sign_in(client, "liaison", "guess")
    with at(16):
        for _ in range(5):
            sign_in(client, "liaison", "guess")
    with at(16 + 20):  # the second lock is 30 minutes
        assert "请11分钟后再试" in sign_in(client, "liaison", RIGHT).content.decode()
    with at(16 + 31):
        assert sign_in(client, "liaison", RIGHT).status_code == 302


def test_guesses_during_a_lock_neither_count_nor_lengthen_it(client, world):
    with at(0):
        for _ in range(5):
            sign_in(client, "liaison", "guess")
    with at(10):
        for _ in range(20):
            sign_in(client, "liaison", "guess")
    with at(16):
        assert sign_in(client, "liaison", RIGHT).status_code == 302


def _recorded_address() -> str:
    return AccessAttempt.objects.get(username="liaison").ip_address


def test_behind_the_trusted_proxy_the_client_address_comes_from_x_forwarded_for(client, world, settings):
    settings.DUBAN_TRUSTED_PROXIES = ["10.0.0.1"]
    sign_in(client, "liaison", "guess", address="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert _recorded_address() == "203.0.113.7"  # what the proxy saw; the client wrote 6.6.6.6 itself


def test_a_peer_that_is_not_the_proxy_cannot_say_who_it_is(client, world, settings):
    settings.DUBAN_TRUSTED_PROXIES = ["10.0.0.1"]
    sign_in(client, "liaison", "guess", address="203.0.113.8", HTTP_X_FORWARDED_FOR="10.9.9.9, 10.0.0.1")
    assert _recorded_address() == "203.0.113.8"


def test_a_forwarded_address_that_is_not_an_address_is_not_believed(client, world, settings):
    settings.DUBAN_TRUSTED_PROXIES = ["10.0.0.1"]
    response = sign_in(client, "liaison", "guess", address="10.0.0.1", HTTP_X_FORWARDED_FOR="<script>")
    assert response.status_code == 400 and _recorded_address() == "10.0.0.1"


def test_an_odd_user_name_is_a_wrong_password_not_an_error(client, world):
    for name in ["lia\x00ison", "x" * 5000, "  LIAISON\t"]:
        assert "用户名或密码不正确" in sign_in(client, name, "guess").content.decode()


def test_sign_ins_without_a_name_lock_no_one(client, world):
    # Single sign-on asks without a user name: its failures must not pile up under an empty one.
    for _ in range(6):
        assert "账号已锁定" not in sign_in(client, "", "guess").content.decode()
    assert not AccessAttempt.objects.exists()


def test_it_locks_guessing_the_old_password_on_the_account_page(login, world):
    browser = login("liaison")
    for _ in range(5):
        browser.post("/account/", {"old_password": "guess", "new_password1": "Qiantang-2026-new",
                                   "new_password2": "Qiantang-2026-new"})
    response = browser.post("/account/", {"old_password": RIGHT, "new_password1": "Qiantang-2026-new",
                                          "new_password2": "Qiantang-2026-new"})
    assert "账号已锁定" in response.content.decode()
    browser.logout()
    assert sign_in(browser, "liaison", RIGHT).status_code == 400  # the same lock as at sign-in
    assert sign_in(browser, "liaison", "Qiantang-2026-new").status_code == 400  # and nothing was changed


def test_failures_at_sign_in_and_on_the_account_page_add_up(client, login, world):
    for _ in range(3):
        sign_in(client, "liaison", "guess")
    browser = login("co_liaison")
    browser.logout()
    browser = login("liaison")  # a right password forgets the three
    for _ in range(4):
        browser.post("/account/", {"old_password": "guess", "new_password1": "Qiantang-2026-new",
                                   "new_password2": "Qiantang-2026-new"})
    browser.logout()
    assert "还可尝试0次" not in sign_in(browser, "liaison", "guess").content.decode()
    assert "账号已锁定" in sign_in(browser, "liaison", RIGHT).content.decode()


def test_an_admin_unlock_lifts_the_lock(client, world):
    for _ in range(5):
        sign_in(client, "liaison", "guess")
    assert user_unlock(actor=world.admin, username="liaison") == 1
    assert sign_in(client, "liaison", RIGHT).status_code == 302


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
