"""The pages compute lights from plain rows (`task_rows`); they must match `task_light` of the task itself."""
import datetime as dt

from duban.core import clock
from duban.tasks import services as svc
from duban.tasks.lights import task_light
from duban.tasks.models import Task
from duban.tasks.selectors import lights_of_rows, task_rows
from duban.tasks.services.evidence import MemoryFile

PDF = [MemoryFile("整改报告.pdf", b"%PDF-1.4 evidence")]
TODAY = dt.date(2026, 11, 30)  # fixed, so which holidays fall in the windows never changes


def varied_tasks(world) -> None:
    """Every state, milestones open and done, late and timely closure requests, an unpublished year."""
    start = clock.today() - dt.timedelta(days=90)
    with clock.travel(start):
        for state in ("draft", "assigned", "in_progress", "closure_requested", "closed"):
            world.task(state=state, milestones=[{"name": "形成方案", "workdays_before": 10}])
        world.task(state="in_progress", deadline=start + dt.timedelta(days=20), title="逾期事项")
        world.task(state="assigned", deadline=start + dt.timedelta(days=100),
                   milestones=[{"name": "中期评估", "workdays_before": 3}])
        late = world.task(state="in_progress", deadline=start + dt.timedelta(days=10))
        world.task(state="in_progress", deadline=dt.date(TODAY.year + 6, 3, 1), title="远期事项")
        cancelled = world.task(state="assigned")
        svc.task_cancel(actor=world.supervisor, task_id=cancelled.pk, reason="职能调整，不再列入督办")
        done_node = world.task(state="in_progress", milestones=[{"name": "完成调研", "workdays_before": 30}])
    with clock.travel(start + dt.timedelta(days=30)):
        svc.task_report(actor=world.liaison, task_id=done_node.pk, text="调研完成", percent=40,
                        milestones_done=["完成调研"])
        svc.task_request_closure(actor=world.liaison, task_id=late.pk, evidence=PDF)


def test_it_gives_every_task_the_same_light_from_its_row_as_from_the_task(world):
    with clock.travel(TODAY):
        varied_tasks(world)
    rows = task_rows(Task.objects.all())
    tasks = list(Task.objects.select_related("programme"))
    seen = set()
    for offset in (-60, -20, 0, 15, 45, 120):
        day = TODAY + dt.timedelta(days=offset)
        from_rows = lights_of_rows(rows, today=day)
        assert from_rows == {t.pk: task_light(t, today=day) for t in tasks}
        seen |= {(light.color, light.reason, bool(light.note)) for light in from_rows.values()}
    assert {color for color, _, _ in seen} == {"red", "yellow", "green", "none"}
    assert any("节点「中期评估」剩" in reason for _, reason, _ in seen)
    assert any(note for _, _, note in seen)


def test_it_reads_a_tasks_milestones_and_programme_terms_into_its_row(world):
    task = world.task(state="in_progress", milestones=[{"name": "形成方案", "workdays_before": 10}])
    (row,) = task_rows(Task.objects.filter(pk=task.pk))
    assert [m.name for m in row.milestones] == ["形成方案"]
    assert row.programme.warning_workdays == world.programme.warning_workdays
    assert row.lead_label == task.lead_unit.label
