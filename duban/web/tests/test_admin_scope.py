"""A unit's administrator keeps its own subtree: not the district's people, roles or calendar."""
import pytest

from duban.cli.main import main
from duban.core.errors import NotFound
from duban.org.models import Membership, User
from duban.org.services import membership_add, user_create, user_set_password

pytestmark = pytest.mark.django_db


@pytest.fixture
def street(world):
    """An administrator of 白杨街道, a liaison there, and one person with roles in the street and above."""
    for username, role in [("street_admin", "admin"), ("street_liaison", "liaison"), ("two_roles", "liaison")]:
        user_create(actor=world.admin, username=username, password="duban-test-pw", unit="白杨街道", role=role)
    membership_add(actor=world.admin, username="two_roles", unit="钱塘区", role="supervisor")
    return world


def test_it_refuses_a_street_admin_resetting_the_district_supervisors_password(street, login, client):
    browser = login("street_admin")
    response = browser.post("/settings/users/supervisor/", {"op": "password", "password": "Street-takes-over-1"})
    assert response.status_code == 404
    client.logout()
    assert client.post("/login/", {"username": "supervisor", "password": "Street-takes-over-1"}).status_code == 400
    assert client.post("/login/", {"username": "supervisor", "password": "duban-test-pw"}).status_code == 302


def test_it_refuses_a_street_admin_granting_itself_the_district(street, login):
    browser = login("street_admin")
    response = browser.post("/settings/users/street_admin/", {"op": "role", "unit": "钱塘区", "role": "supervisor"})
    assert response.status_code == 400
    assert not Membership.objects.filter(user__username="street_admin", unit__name="钱塘区").exists()
    with pytest.raises(NotFound):
        membership_add(actor=User.objects.get(username="street_admin"), username="street_admin", unit="钱塘区",
                       role="supervisor")


def test_it_refuses_to_manage_someone_who_also_holds_a_role_above(street, capsys):
    assert main(["user", "set-password", "two_roles", "--password", "Street-takes-over-1",
                 "--as", "street_admin"]) == 2
    assert "没有用户「two_roles」" in capsys.readouterr().err
    assert main(["user", "deactivate", "supervisor", "--as", "street_admin"]) == 2


def test_it_lets_a_street_admin_keep_its_own_people(street, login):
    browser = login("street_admin")
    response = browser.post("/settings/users/street_liaison/", {"op": "password", "password": "Baiyang-2026-pw"},
                            follow=True)
    assert response.status_code == 200 and "已保存" in response.content.decode()
    page = browser.get("/settings/org/").content.decode()
    assert "/settings/users/street_liaison/" in page and "/settings/users/supervisor/" not in page
    assert "/settings/users/two_roles/" not in page and "区审计局" not in page
    assert browser.get("/settings/users/supervisor/").status_code == 404


def test_it_keeps_the_whole_installations_settings_from_a_street_admin(street, login):
    browser = login("street_admin")
    assert browser.get("/settings/holidays/").status_code == 403
    assert browser.get("/settings/rules/").status_code == 403
    assert main(["unit", "add", "新区", "--as", "street_admin"]) == 2
    assert main(["unit", "add", "白杨社区", "--parent", "钱塘区", "--as", "street_admin"]) == 2
    assert main(["unit", "add", "白杨社区", "--parent", "白杨街道", "--as", "street_admin"]) == 0


def test_it_lets_the_district_admin_reset_anyone_below(street):
    user_set_password(actor=street.admin, username="supervisor", password="Qiantang-reset-1")
