"""Every field the log attests, edited in the database with raw SQL, is named by verify-log."""
import datetime as dt

import pytest
from django.db import connection

from duban.cli.main import main
from duban.core import clock
from duban.org.models import Unit, User
from duban.tasks import services as svc
from duban.tasks.models import Evidence, ExtensionRequest, Milestone, ProgressReport, Target
from duban.tasks.services.evidence import MemoryFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(world):
    """A task with every attested part filled in: co-unit, leader, milestone, target, report, evidence."""
    later = clock.today() + dt.timedelta(days=90)
    parent = world.task(title="上级事项", deadline=later + dt.timedelta(days=60))  # a sub-task ends by its parent
    task = world.task(title="老旧小区改造", content="具体要求", source_ref="钱审〔2026〕5号", state="in_progress",
                      deadline=later, responsible_person="张三", parent=parent.pk,
                      milestones=[{"name": "完成方案", "due_on": later - dt.timedelta(days=30)}],
                      targets=[{"metric": "改造户数", "target": "120", "unit_of_measure": "户"}],
                      measures="逐户上门")
    svc.task_report(actor=world.liaison, task_id=task.pk, text="完成摸排", percent=30,
                    target_actuals={"改造户数": "40"}, evidence=[MemoryFile("摸排表.xlsx", b"PK rows")])
    svc.extension_request(actor=world.liaison, task_id=task.pk, new_deadline=later + dt.timedelta(days=30),
                          reason="雨季施工")
    return task


def sql(statement: str, *params):
    with connection.cursor() as cur:  # raw SQL, as someone with database access would
        cur.execute(statement, params)


def verify(capsys) -> tuple[int, str]:
    code = main(["verify-log"])
    out = capsys.readouterr()
    return code, out.out + out.err


def _other_unit() -> int:
    return Unit.objects.get(name="白杨街道").pk


EDITS = {
    "编号": lambda t: sql("UPDATE tasks_task SET code = 'X-9' WHERE id = %s", t.pk),
    "标题": lambda t: sql("UPDATE tasks_task SET title = '改过的标题' WHERE id = %s", t.pk),
    "内容": lambda t: sql("UPDATE tasks_task SET content = '改过' WHERE id = %s", t.pk),
    "来源": lambda t: sql("UPDATE tasks_task SET source_ref = '钱审〔2026〕6号' WHERE id = %s", t.pk),
    "督办项目": lambda t: sql("UPDATE tasks_task SET programme_id = (SELECT MAX(id) FROM tasks_programme) "
                           "WHERE id = %s", t.pk),
    "牵头单位": lambda t: sql("UPDATE tasks_task SET lead_unit_id = %s WHERE id = %s", _other_unit(), t.pk),
    "配合单位": lambda t: sql("UPDATE tasks_task_co_units SET unit_id = %s WHERE task_id = %s", _other_unit(), t.pk),
    "责任领导": lambda t: sql("UPDATE tasks_task SET responsible_leader_id = %s WHERE id = %s",
                          User.objects.get(username="other_leader").pk, t.pk),
    "责任人": lambda t: sql("UPDATE tasks_task SET responsible_person = '李四' WHERE id = %s", t.pk),
    "完成时限": lambda t: sql("UPDATE tasks_task SET original_deadline = '2030-01-01' WHERE id = %s", t.pk),
    "状态": lambda t: sql("UPDATE tasks_task SET closed_on = '2026-01-05' WHERE id = %s", t.pk),
    "进度": lambda t: sql("UPDATE tasks_task SET percent = 100 WHERE id = %s", t.pk),
    "上级事项": lambda t: sql("UPDATE tasks_task SET parent_id = NULL WHERE id = %s", t.pk),
    "整改信息": lambda t: sql("UPDATE tasks_task SET measures = '改过' WHERE id = %s", t.pk),
    "时间节点": lambda t: sql("UPDATE tasks_milestone SET due_on = '2030-01-01' WHERE task_id = %s", t.pk),
    "量化指标": lambda t: sql("UPDATE tasks_target SET actual_value = 120 WHERE task_id = %s", t.pk),
    "进展报送": lambda t: sql("UPDATE tasks_progressreport SET text = '全部完成' WHERE task_id = %s", t.pk),
    "佐证材料": lambda t: sql("UPDATE tasks_evidence SET sha256 = %s WHERE task_id = %s", "0" * 64, t.pk),
    "延期申请": lambda t: sql("UPDATE tasks_extensionrequest SET new_deadline = '2031-01-01' WHERE task_id = %s",
                          t.pk),
}


@pytest.mark.parametrize("label", list(EDITS))
def test_it_names_each_attested_task_field_edited_in_the_database(full, capsys, label):
    assert verify(capsys)[0] == 0
    EDITS[label](full)
    code, text = verify(capsys)
    assert code == 2 and f"事项 {full.pk} 的「{label}」" in text, text


@pytest.mark.parametrize("model, label", [(Evidence, "佐证材料"), (ProgressReport, "进展报送"),
                                          (Target, "量化指标"), (Milestone, "时间节点"),
                                          (ExtensionRequest, "延期申请")])
def test_it_names_a_deleted_report_evidence_or_target(full, capsys, model, label):
    model.objects.filter(task=full).delete()
    code, text = verify(capsys)
    assert code == 2 and f"事项 {full.pk} 的「{label}」" in text, text


ORG_EDITS = {
    "用户角色": lambda w: sql("INSERT INTO org_membership (user_id, unit_id, role) VALUES (%s, %s, 'supervisor')",
                          w.outsider.pk, Unit.objects.get(name="钱塘区").pk),
    "单位树": lambda w: sql("UPDATE org_unit SET name = '改名街道' WHERE name = '前进街道'"),
    "用户账号": lambda w: sql("UPDATE org_user SET is_superuser = %s WHERE username = 'outsider'", True),
}


@pytest.mark.parametrize("label", list(ORG_EDITS))
def test_it_names_a_role_unit_or_account_changed_in_the_database(world, capsys, label):
    assert verify(capsys)[0] == 0
    ORG_EDITS[label](world)
    code, text = verify(capsys)
    assert code == 2 and f"「{label}」" in text, text


def test_a_remembered_digest_is_the_keyed_hash_of_its_part(monkeypatch):
    """The digests of common short values are remembered; each must still be the part's keyed hash,
    before and after the memory fills and starts again, and under another log key."""
    from duban.core import attest
    from duban.core.logkey import mac

    def expected(parts):
        return {name: mac(b"attest", name.encode(), attest._canonical(value))[:attest.DIGEST_CHARS]
                for name, value in parts.items()}

    monkeypatch.setattr(attest, "KNOWN_MOST", 3)
    parts = [{"leader": [None], "state": ["draft", None, 0], "code": [f"L-{i}"], "deadline": [dt.date(2026, 6, i)]}
             for i in range(1, 6)]
    for one in parts * 2:
        assert attest.digest(one) == expected(one)
    monkeypatch.setattr(attest, "KNOWN_MOST", 4096)
    before = attest.digest(parts[0])  # now remembered, every part of it
    monkeypatch.setattr("duban.core.logkey.log_key", lambda: b"another key")  # what mac() and keyed() read
    monkeypatch.setattr(attest, "log_key", lambda: b"another key")
    assert attest.digest(parts[0]) == expected(parts[0]) != before
