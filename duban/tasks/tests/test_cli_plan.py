"""`duban task edit` and `duban task decompose`: the same services as the forms, refusals exit 2."""
import datetime as dt

import pytest

from duban.core.models import Event
from duban.supervision.models import OutboxMessage
from duban.tasks.models import Task
from duban.tasks.tests.test_cli import future, run

pytestmark = pytest.mark.django_db


def test_it_edits_a_task_and_logs_each_change(world, capsys):
    task = world.task(state="assigned")
    OutboxMessage.objects.all().delete()
    code, out, err = run(capsys, "task", "edit", str(task.pk), "--as", "supervisor", "--title", "追回违规资金",
                         "--deadline", future(90), "--co-unit", "白杨街道", "--milestone", "完成方案@-5")
    assert code == 0, err
    task.refresh_from_db()
    assert task.title == "追回违规资金" and [u.name for u in task.co_units.all()] == ["白杨街道"]
    changed = Event.objects.filter(task_id=task.pk, action="task.updated").get().payload["changed"]
    assert set(changed) == {"title", "deadline", "co_units", "milestones"}
    assert changed["co_units"] == [["区住房和城乡建设局"], ["白杨街道"]]
    assert set(OutboxMessage.objects.values_list("recipient", flat=True)) == {str(world.liaison.pk)}


def test_it_refuses_an_edit_by_a_liaison(world, capsys):
    task = world.task(state="assigned")
    code, _, err = run(capsys, "task", "edit", str(task.pk), "--as", "liaison", "--title", "改")
    assert code == 2 and "无权修改" in err
    code, _, err = run(capsys, "task", "edit", str(task.pk), "--as", "outsider", "--title", "改")
    assert code == 2 and f"事项 {task.pk} 不存在" in err


def test_it_decomposes_a_task(world, capsys):
    task = world.task(state="in_progress")
    code, out, err = run(capsys, "task", "decompose", str(task.pk), "--as", "liaison", "--unit", "区住房和城乡建设局",
                         "--title", "住建局配合整改", "--deadline", task.deadline.isoformat())
    assert code == 0, err
    assert "已分解并交办给区住房和城乡建设局" in out
    child = Task.objects.get(parent=task)
    assert child.state == "assigned" and child.programme_id == task.programme_id
    late = (task.deadline + dt.timedelta(days=1)).isoformat()
    code, _, err = run(capsys, "task", "decompose", str(task.pk), "--as", "liaison", "--unit", "区住房和城乡建设局",
                       "--title", "再分解", "--deadline", late)
    assert code == 2 and "不能晚于上级事项" in err


def test_it_prints_only_the_token_on_stdout(world, capsys):
    code, out, err = run(capsys, "user", "token", "liaison")
    assert code == 0 and len(out.strip().splitlines()) == 1 and " " not in out.strip()
    assert "令牌只显示这一次" in err


@pytest.mark.django_db(transaction=True)
def test_it_leaves_quietly_when_the_reader_stops_reading(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DUBAN_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # its own SQLite file: the pipe, not the database, is under test
    duban = [sys.executable, "-m", "duban.cli.main"]
    subprocess.run([*duban, "unit", "add", "钱塘区"], env=env, check=True, capture_output=True)
    reader = subprocess.Popen([*duban, "unit", "list", "--json"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    reader.stdout.close()  # as `| head` does once it has its lines
    _, err = reader.communicate(timeout=120)
    assert reader.returncode == 0 and err.decode() == ""


def test_task_show_names_events_in_words_and_local_time(world, capsys):
    task = world.task(state="assigned")
    run(capsys, "task", "edit", str(task.pk), "--as", "supervisor", "--title", "追回违规资金")
    code, out, _ = run(capsys, "task", "show", str(task.pk), "--as", "supervisor")
    assert code == 0 and "修改事项" in out and "交办" in out and "task.updated" not in out
