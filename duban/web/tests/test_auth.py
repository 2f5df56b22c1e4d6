import datetime as dt

import time_machine
from django.utils import timezone


def test_it_shows_the_sign_in_form_at_home_to_anonymous(client, world):
    response = client.get("/")
    assert response.status_code == 200
    assert "登录督办系统" in response.content.decode()


def test_it_shows_the_battle_map_once_signed_in(login, world):
    client = login("supervisor")
    page = client.get("/").content.decode()
    assert "挂图作战" in page and 'aria-current="page"' in page


def test_it_says_so_when_the_password_is_wrong(client, world):
    response = client.post("/login/", {"username": "liaison", "password": "nope"})
    assert response.status_code == 400
    assert "用户名或密码不正确，还可尝试4次" in response.content.decode()


def test_it_locks_out_after_five_failures_even_with_the_right_password(client, world):
    for _ in range(5):
        client.post("/login/", {"username": "liaison", "password": "nope"})
    response = client.post("/login/", {"username": "liaison", "password": "duban-test-pw"})
    assert "账号已锁定" in response.content.decode()
    assert client.get("/inbox/").status_code == 302


def test_it_lets_the_user_in_again_after_fifteen_minutes(client, world):
    start = timezone.now()  # Django's clock: django-axes keeps the failures' times on it
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            client.post("/login/", {"username": "liaison", "password": "nope"})
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        response = client.post("/login/", {"username": "liaison", "password": "duban-test-pw"})
    assert response.status_code == 302


def test_it_signs_out(login, world):
    client = login("liaison")
    client.post("/logout/")
    assert client.get("/inbox/")["Location"].startswith("/login/")


def test_it_changes_the_password(login, world):
    client = login("liaison")
    response = client.post("/account/", {"old_password": "duban-test-pw", "new_password1": "Qiantang-2026-new",
                                         "new_password2": "Qiantang-2026-new"}, follow=True)
    assert "密码已修改" in response.content.decode()
    client.logout()
    assert client.post("/login/", {"username": "liaison", "password": "Qiantang-2026-new"}).status_code == 302


def test_it_refuses_to_redirect_to_another_site_after_sign_in(client, world):
    response = client.post("/login/", {"username": "liaison", "password": "duban-test-pw",
                                       "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_it_switches_to_english(login, world):
    client = login("liaison")
    client.post("/i18n/setlang/", {"language": "en", "next": "/inbox/"})
    page = client.get("/inbox/").content.decode()
    assert "My inbox" in page and "Battle map" in page
