"""The directory services an administrator calls from the settings page or the command line."""
import pytest

from duban.cli.main import main
from duban.core.errors import DomainError
from duban.core.eventlog import verify_log
from duban.core.models import Event
from duban.org import services as org
from duban.org.models import Membership, User


def last_event() -> Event:
    return Event.objects.order_by("-id").first()


def test_it_records_only_the_fields_that_changed(world):
    org.user_update(actor=world.admin, username="liaison", email="li@qiantang.gov.cn", display_name="liaison")
    assert last_event().payload["changed"] == {"email": ["", "li@qiantang.gov.cn"]}
    before = Event.objects.count()
    org.user_update(actor=world.admin, username="liaison", email="li@qiantang.gov.cn")
    assert Event.objects.count() == before


@pytest.mark.parametrize("persona", ["supervisor", "liaison", "leader"])
def test_it_lets_only_an_admin_change_users(world, persona):
    actor = world.users[persona]
    for call in (lambda: org.user_update(actor=actor, username="outsider", email="a@b.cn"),
                 lambda: org.user_set_password(actor=actor, username="outsider", password="Long-enough-1"),
                 lambda: org.user_deactivate(actor=actor, username="outsider"),
                 lambda: org.membership_remove(actor=actor, username="outsider", unit="前进街道", role="liaison")):
        with pytest.raises(DomainError, match="只有管理员"):
            call()
    outsider = User.objects.get(username="outsider")
    assert outsider.is_active and outsider.email == "" and outsider.check_password("duban-test-pw")


def test_it_keeps_the_last_admin_role(world):
    with pytest.raises(DomainError, match="最后一个管理员"):
        org.membership_remove(actor=None, username="admin", unit="钱塘区", role="admin")
    assert Membership.objects.filter(user__username="admin", role="admin").exists()


def test_it_takes_the_admin_power_away_with_the_last_admin_role(world):
    org.membership_add(actor=None, username="supervisor", unit="钱塘区", role="admin")
    org.membership_remove(actor=None, username="admin", unit="钱塘区", role="admin")
    admin = User.objects.get(username="admin")
    assert not admin.is_superuser and not org.is_admin(admin)


def test_it_refuses_a_stopped_account_a_second_time(world):
    org.user_deactivate(actor=world.admin, username="outsider")
    with pytest.raises(DomainError, match="已停用"):
        org.user_deactivate(actor=world.admin, username="outsider")


def test_it_sets_email_password_and_stops_users_on_the_command_line(world, capsys):
    assert main(["user", "set-email", "liaison", "li@qiantang.gov.cn", "--as", "admin"]) == 0
    assert main(["user", "set-password", "liaison", "--password", "Reset-2026-pw", "--as", "admin"]) == 0
    assert main(["user", "deactivate", "outsider", "--as", "admin"]) == 0
    liaison = User.objects.get(username="liaison")
    assert liaison.email == "li@qiantang.gov.cn" and liaison.check_password("Reset-2026-pw")
    assert not User.objects.get(username="outsider").is_active
    assert verify_log().ok


def test_it_refuses_bad_input_on_the_command_line_with_exit_code_2(world, capsys):
    assert main(["user", "set-email", "liaison", "not-an-address", "--as", "admin"]) == 2
    assert "不是有效的电子邮件地址" in capsys.readouterr().err
    assert main(["user", "deactivate", "outsider", "--as", "liaison"]) == 2
    assert "只有管理员" in capsys.readouterr().err
