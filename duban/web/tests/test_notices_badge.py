"""The top bar's 通知 link counts a user's unread notices and opens them."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from duban.core.workdays import add_workdays
from duban.supervision.outbox import deliver
from duban.supervision.sweep import sweep

pytestmark = pytest.mark.django_db


def test_it_counts_unread_notices_in_the_top_bar(world, client):
    deadline = dt.date(2026, 6, 30)
    with time_machine.travel(dt.datetime(2026, 5, 6, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        task = world.task(state="in_progress", deadline=deadline)
    reminder_day = add_workdays(deadline, -task.programme.warning_workdays)
    with time_machine.travel(dt.datetime.combine(reminder_day, dt.time(9), ZoneInfo("Asia/Shanghai")), tick=False):
        assert sweep()["reminders"] == 1
        deliver()
        client.force_login(world.liaison)
        page = client.get("/").content.decode()
        assert 'href="/supervision/notices/">通知 <span class="count"' in page
        client.force_login(world.outsider)
        assert '<span class="count"' not in client.get("/").content.decode()
