"""The liaison's boxes split its in-progress tasks by the last word on closure: a task never asked
to be closed waits for a report, one whose closure request was returned waits for its fix."""
import datetime as dt

import pytest

from duban.core import clock
from duban.tasks import services as svc
from duban.tasks.services.evidence import MemoryFile
from duban.web.inbox import inbox_for


def _box(world, key):
    box = inbox_for(world.liaison, today=clock.today())[key]
    return sorted(task.pk for task, _light in box.rows), box.count


def test_a_task_never_sent_for_closure_waits_for_a_report_and_a_returned_one_for_its_fix(world):
    working = world.task(state="in_progress")
    returned = world.task(state="in_progress")
    svc.task_request_closure(actor=world.liaison, task_id=returned.pk,
                             evidence=[MemoryFile("整改报告.pdf", b"%PDF-1.4 first")])
    svc.closure_reject(actor=world.supervisor, task_id=returned.pk, reason="佐证材料不全，请补充")
    assert _box(world, "to_report") == ([working.pk], 1)
    assert _box(world, "returned") == ([returned.pk], 1)
    assert _box(world, "to_sign") == ([], 0)


@pytest.mark.parametrize("rows", [50, 2])
def test_a_box_shows_trouble_first_whether_read_whole_or_light_by_light(world, monkeypatch, rows):
    """A short box is read whole and ordered once lit; a long one (more than BOX_ROWS) is picked a
    light at a time: the same order either way, red, then yellow, then green, each by deadline."""
    from duban.web import inbox

    monkeypatch.setattr(inbox, "BOX_ROWS", rows)
    day = lambda n: clock.today() + dt.timedelta(days=n)  # noqa: E731
    far = world.task(state="in_progress", deadline=day(150), title="远期")
    near = world.task(state="in_progress", deadline=day(6), title="临近")
    missed = world.task(state="in_progress", deadline=day(200), title="节点已过",
                        milestones=[{"name": "形成方案", "due_on": day(3)}])
    with clock.travel(day(5)):
        box = inbox_for(world.liaison, today=clock.today())["to_report"]
    assert [(task.title, light.color) for task, light in box.rows] == [
        ("节点已过", "red"), ("临近", "yellow"), ("远期", "green")][:rows]
    assert box.count == 3 and {far.pk, near.pk, missed.pk} >= {task.pk for task, _ in box.rows}
