"""A re-check coming due or overdue has its own light and reason, in the inbox, lists and battle map;
a rebound reopens the task at its last reported progress."""
import datetime as dt

from django.test import Client

from duban.core import clock
from duban.core.workdays import add_workdays
from duban.tasks import services as svc
from duban.tasks.lights import task_light
from duban.tasks.services.evidence import MemoryFile

D = dt.date


def _closed(world, *, percent=None):
    with clock.travel(D(2026, 3, 2)):
        task = world.task(state="in_progress", deadline=D(2026, 5, 29))
        svc.task_report(actor=world.liaison, task_id=task.pk, text="基本完成", percent=90,
                        evidence=[MemoryFile("报告.pdf", b"%PDF-1.4 x")])
        svc.task_request_closure(actor=world.liaison, task_id=task.pk)
        svc.closure_approve(actor=world.supervisor, task_id=task.pk, percent=percent)
    task.refresh_from_db()
    return task


def test_it_lights_a_recheck_coming_due_and_one_overdue(world):
    task = _closed(world)
    due = task.recheck_due_on
    assert task.percent == 90  # approval kept the reported progress
    assert task_light(task, today=due - dt.timedelta(days=30)).color == "green"
    assert due == D(2026, 5, 31)  # 90 days after closure, a Sunday
    near = task_light(task, today=D(2026, 5, 26))  # Tuesday: Wednesday, Thursday and Friday are left
    assert near.color == "yellow" and near.reason == "回头看剩3个工作日 · 5月31日"
    late = task_light(task, today=add_workdays(due, 3))
    assert late.color == "red" and late.reason.startswith("回头看已逾期3个工作日")


def test_it_shows_an_overdue_recheck_in_the_supervisors_inbox_and_the_red_list(world):
    task = _closed(world)
    client = Client()
    client.login(username="supervisor", password="duban-test-pw")
    with clock.travel(add_workdays(task.recheck_due_on, 3)):
        inbox = client.get("/inbox/").content.decode()
        box = inbox.split('id="box-recheck"')[1].split("</section>")[0]
        assert task.title in box and "回头看已逾期3个工作日" in box
        assert task.title in client.get("/tasks/?light=red").content.decode()


def test_a_rebound_reopens_at_the_last_reported_progress(world):
    task = _closed(world, percent=100)  # the approver judged it complete
    assert task.percent == 100
    with clock.travel(task.recheck_due_on):
        svc.task_recheck(actor=world.supervisor, task_id=task.pk, consolidated=False, comment="问题反弹",
                         new_deadline=task.recheck_due_on + dt.timedelta(days=30))
    task.refresh_from_db()
    assert task.state == "in_progress" and task.percent == 90


def test_an_extension_moves_the_undone_milestones_by_their_working_days_and_says_so(world):
    from duban.core.models import Event

    with clock.travel(D(2026, 3, 2)):
        task = world.task(state="in_progress", deadline=D(2026, 6, 30), milestones=[
            {"name": "完成方案", "workdays_before": 20}, {"name": "完成初验", "due_on": D(2026, 6, 23)},
            {"name": "启动", "due_on": D(2026, 3, 10)}])
        svc.task_report(actor=world.liaison, task_id=task.pk, text="已启动", percent=10, milestones_done=["启动"])
        svc.extension_request(actor=world.liaison, task_id=task.pk, new_deadline=D(2026, 7, 31), reason="汛期")
        svc.extension_decide(actor=world.supervisor, task_id=task.pk, approve=True)
    dues = dict(task.milestones.values_list("name", "due_on"))
    assert dues["启动"] == D(2026, 3, 10)  # done: stays where it was
    assert dues["完成方案"] == add_workdays(D(2026, 7, 31), -20)
    assert dues["完成初验"] == add_workdays(D(2026, 7, 31), -5)  # 6月23日 was 5 working days before 6月30日
    moved = Event.objects.get(task_id=task.pk, action="task.extension_approved").payload["milestones_moved"]
    assert sorted(m[0] for m in moved) == ["完成初验", "完成方案"]
    client = Client()
    client.login(username="liaison", password="duban-test-pw")
    assert "未完成的节点随之顺延：" in client.get(f"/tasks/{task.pk}/").content.decode()
