"""The liaison's boxes split its in-progress tasks by the last word on closure: a task never asked
to be closed waits for a report, one whose closure request was returned waits for its fix."""
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
