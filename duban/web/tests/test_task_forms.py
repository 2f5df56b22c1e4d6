"""新建, 修改, 分解 through the pages: what each persona may do, what is written, what the history says."""
import datetime as dt

import pytest
from django.test import Client

from duban.core import clock
from duban.core.workdays import add_workdays
from duban.supervision.models import OutboxMessage
from duban.tasks.models import Task


def client_for(username):
    client = Client()
    assert client.login(username="" + username, password="duban-test-pw")
    return client


def _new_post(world, **extra):
    deadline = clock.today() + dt.timedelta(days=90)
    post = {"title": "老旧小区加装电梯", "content": "全年完成加装100台", "source_kind": "meeting",
            "source_ref": "区委常委会2026年第5次会议", "programme": str(world.programme.pk),
            "lead_unit": "区审计局", "co_units": ["区住房和城乡建设局", "白杨街道"], "responsible_leader": "leader",
            "responsible_person": "王主任", "deadline": deadline.isoformat(),
            "m_name": ["完成方案", "完成招标", ""], "m_due": [(clock.today() + dt.timedelta(days=20)).isoformat(), "", ""],
            "m_before": ["", "10", ""], "t_metric": ["加装电梯", ""], "t_value": ["100", ""], "t_unit": ["台", ""]}
    post.update(extra)
    return post, deadline


def test_it_creates_a_task_with_milestones_and_targets_from_the_form(world):
    supervisor = client_for("supervisor")
    page = supervisor.get(f"/tasks/new/?programme={world.programme.pk}")
    assert page.status_code == 200 and "新建事项" in page.content.decode()
    post, deadline = _new_post(world)
    response = supervisor.post("/tasks/new/", post)
    task = Task.objects.get(title="老旧小区加装电梯")
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.pk}/"
    assert task.state == "draft" and task.programme == world.programme and task.source_ref.startswith("区委常委会")
    assert sorted(u.name for u in task.co_units.all()) == ["区住房和城乡建设局", "白杨街道"]
    miles = {m.name: m for m in task.milestones.all()}
    assert miles["完成招标"].due_on == add_workdays(deadline, -10) and miles["完成招标"].workdays_before_deadline == 10
    assert [(t.metric, int(t.target_value), t.unit_of_measure) for t in task.targets.all()] == [("加装电梯", 100, "台")]


def test_it_keeps_what_was_typed_and_says_what_is_wrong(world):
    post, _ = _new_post(world, deadline="2020-01-01")
    response = client_for("supervisor").post("/tasks/new/", post)
    body = response.content.decode()
    assert response.status_code == 400 and "「完成时限」2020-01-01已经过去" in body
    assert 'value="老旧小区加装电梯"' in body and not Task.objects.exists()


def test_it_tells_a_liaison_it_may_not_create_tasks(world):
    response = client_for("liaison").get("/tasks/new/")
    assert response.status_code == 403 and "没有新建督办事项的权限" in response.content.decode()
    post, _ = _new_post(world)
    assert client_for("liaison").post("/tasks/new/", post).status_code == 403
    assert not Task.objects.exists()


def test_it_shows_an_edit_after_assignment_as_a_diff_and_tells_the_lead_unit(world):
    world.liaison.email = "liaison@qiantang.gov.cn"
    world.liaison.save()
    task = world.task(state="in_progress")
    OutboxMessage.objects.all().delete()
    supervisor = client_for("supervisor")
    form = supervisor.get(f"/tasks/{task.pk}/edit/")
    assert form.status_code == 200 and task.title in form.content.decode()
    new_deadline = task.deadline + dt.timedelta(days=30)
    post = {"title": task.title, "lead_unit": "区审计局", "co_units": [], "responsible_leader": "leader",
            "deadline": new_deadline.isoformat(), "source_kind": task.source_kind}
    assert supervisor.post(f"/tasks/{task.pk}/edit/", post).status_code == 302
    history = supervisor.get(f"/tasks/{task.pk}/").content.decode()
    assert "修改事项" in history and "task.updated" not in history
    assert f"「完成时限」{task.deadline.isoformat()} → {new_deadline.isoformat()}" in history
    assert "「配合单位」区住房和城乡建设局 → 无" in history
    told = sorted((m.channel, m.recipient) for m in OutboxMessage.objects.all())
    assert told == [("email", "liaison@qiantang.gov.cn"), ("inapp", str(world.liaison.pk))]
    assert all(m.title.startswith("【事项调整】") for m in OutboxMessage.objects.all())


@pytest.mark.parametrize("who", ["outsider", "liaison", "leader"])
def test_it_hides_the_edit_form_from_everyone_but_the_supervisor(world, who):
    task = world.task(state="assigned")
    assert client_for(who).get(f"/tasks/{task.pk}/edit/").status_code == 404
    assert client_for(who).post(f"/tasks/{task.pk}/edit/", {"title": "改"}).status_code == 404
    task.refresh_from_db()
    assert task.title != "改"


def test_it_decomposes_to_a_co_unit_and_rolls_progress_up(world):
    from duban.org.services import unit_create

    unit_create(actor=None, name="区审计局审计一科", parent="区审计局", kind="department")
    task = world.task(state="in_progress")
    liaison = client_for("liaison")
    form = liaison.get(f"/tasks/{task.pk}/decompose/").content.decode()
    assert "区审计局审计一科" in form and "区住房和城乡建设局" in form and "白杨街道" not in form
    late = (task.deadline + dt.timedelta(days=1)).isoformat()
    refused = liaison.post(f"/tasks/{task.pk}/decompose/", {"unit": "区审计局审计一科", "title": "审计一科整改",
                                                            "deadline": late})
    assert refused.status_code == 400 and "不能晚于上级事项" in refused.content.decode()
    outside = liaison.post(f"/tasks/{task.pk}/decompose/", {"unit": "白杨街道", "title": "街道整改",
                                                            "deadline": task.deadline.isoformat()})
    assert outside.status_code == 400 and "不能分解给它" in outside.content.decode()
    for unit in ("区审计局审计一科", "区住房和城乡建设局"):
        assert liaison.post(f"/tasks/{task.pk}/decompose/", {"unit": unit, "title": f"{unit}整改",
                                                             "deadline": task.deadline.isoformat()}).status_code == 302
    children = list(task.subtasks.order_by("pk"))
    assert [c.state for c in children] == ["assigned", "assigned"]
    assert all(c.programme_id == task.programme_id for c in children)
    page = liaison.get(f"/tasks/{task.pk}/").content.decode()
    assert "审计一科整改" in page and "平均进度 0%" in page  # the decomposing liaison follows its sub-tasks
    assert liaison.get(f"/tasks/{children[0].pk}/").status_code == 200
    listed = liaison.get("/tasks/").content.decode()
    assert "分解2项 · 平均进度0%" in listed
    board = client_for("supervisor").get("/").content.decode()
    assert 'id="rollups"' in board and task.title in board.split('id="rollups"')[1].split("</section>")[0]
    assert client_for("outsider").get(f"/tasks/{task.pk}/decompose/").status_code == 404


def test_a_person_chooses_the_channels_they_get(world):
    liaison = client_for("liaison")
    assert 'value="email" checked' in liaison.get("/account/").content.decode()
    assert liaison.post("/account/notifications/", {"channels": ["inapp"]}).status_code == 302
    page = liaison.get("/account/").content.decode()
    assert 'value="email" checked' not in page and 'value="inapp" checked' in page

