"""A year counts as known when chinesecalendar has it or an administrator marks its schedule complete."""
import datetime as dt

import pytest
from django.test import Client

from duban.cli.main import main
from duban.core import workdays
from duban.core.models import Event

pytestmark = pytest.mark.django_db


def test_an_admin_marks_2027_complete_at_the_command_line(world, capsys):
    assert main(["holiday", "set", "2027-02-08", "--off", "--name", "春节", "--as", "admin"]) == 0
    workdays.overrides_changed()
    assert not workdays.year_is_known(2027)
    assert main(["holiday", "complete", "2027", "--as", "liaison"]) == 2
    assert "只有管理员" in capsys.readouterr().err
    assert main(["holiday", "complete", "2027", "--as", "admin"]) == 0
    workdays.overrides_changed()
    assert workdays.year_is_known(2027) and workdays.calendar_warning(dt.date(2027, 5, 3)) == ""
    assert Event.objects.filter(action="calendar.year_marked").count() == 1
    assert main(["holiday", "complete", "2027", "--undo", "--as", "admin"]) == 0
    workdays.overrides_changed()
    assert not workdays.year_is_known(2027)


def test_an_admin_marks_a_year_complete_on_the_holidays_page(world):
    client = Client()
    client.login(username="admin", password="duban-test-pw")
    page = client.get("/settings/holidays/").content.decode()
    assert "2027年安排已录入完整" in page and "2026年安排已录入完整" not in page  # 2026 is published
    client.post("/settings/holidays/", {"op": "complete", "year": "2027", "complete": "yes"})
    workdays.overrides_changed()
    assert workdays.year_is_known(2027)
    assert "撤销2027年“已录入完整”" in client.get("/settings/holidays/").content.decode()
