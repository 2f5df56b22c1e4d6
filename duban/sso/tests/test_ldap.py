"""Sign-in against a real OpenLDAP server started on loopback: bind with the directory's password,
group → role, OU → unit, a wrong password refused, an unknown office refused, local passwords kept."""
import json

import pytest

from duban.core.models import Event
from duban.org.models import User
from duban.sso.config import ldap_settings
from duban.sso.tests.servers import SKIP_POSTGRES, SUFFIX, load_district, slapd_available, start_slapd, stop

pytestmark = [pytest.mark.skipif(not slapd_available(), reason="slapd is installed by scripts/system-deps.sh"),
              pytest.mark.skipif(SKIP_POSTGRES, reason="database-agnostic: runs once, on SQLite")]


@pytest.fixture
def directory(tmp_path, settings):
    process, uri = start_slapd(tmp_path / "slapd")
    try:
        load_district(uri)
        env = {"DUBAN_LDAP_URI": uri, "DUBAN_LDAP_USER_BASE": SUFFIX, "DUBAN_LDAP_GROUP_BASE": f"ou=groups,{SUFFIX}",
               "DUBAN_LDAP_ROLE_GROUPS": json.dumps({
                   "supervisor": f"cn=duban-supervisors,ou=groups,{SUFFIX}",
                   "liaison": f"cn=duban-liaisons,ou=groups,{SUFFIX}"})}
        for name, value in ldap_settings(env, None).items():
            setattr(settings, name, value)
        yield uri
    finally:
        stop(process)


def _sign_in(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_a_directory_person_signs_in_with_role_and_unit_from_ldap(world, client, directory):
    answer = _sign_in(client, "zhangwei", "zhangwei-ldap-pw")
    assert answer.status_code == 302
    zhang = User.objects.get(username="zhangwei")
    assert zhang.display_name == "张伟" and zhang.email == "zhangwei@qiantang.example"
    assert [(m.unit.name, m.role) for m in zhang.memberships.all()] == [("区审计局", "liaison")]
    assert not zhang.has_usable_password()
    assert Event.objects.filter(action="user.created", payload__username="zhangwei").exists()
    assert client.get("/inbox/").status_code == 200


def test_a_group_names_the_role_and_the_ou_the_unit(world, client, directory):
    assert _sign_in(client, "chenjing", "chenjing-ldap-pw").status_code == 302
    chen = User.objects.get(username="chenjing")
    assert [(m.unit.name, m.role) for m in chen.memberships.all()] == [("钱塘区", "supervisor")]


def test_a_wrong_password_is_refused(world, client, directory):
    answer = _sign_in(client, "zhangwei", "not-the-password")
    assert answer.status_code == 400 and "用户名或密码不正确" in answer.content.decode()
    assert client.get("/inbox/").status_code == 302


def test_an_office_duban_does_not_know_is_refused(world, client, directory):
    assert _sign_in(client, "ghost", "ghost-ldap-pw").status_code == 400
    assert not User.objects.filter(username="ghost").exists()


def test_local_passwords_stay_for_a_break_glass_admin(world, client, directory):
    assert _sign_in(client, "admin", "duban-test-pw").status_code == 302
