"""Every transition of the closed loop, and every refusal, with nothing written on refusal."""
import datetime as dt

import pytest

from duban.core import clock
from duban.core.errors import DomainError
from duban.core.models import Event
from duban.tasks import services as svc
from duban.tasks.models import ExtensionState, Task, TaskState
from duban.tasks.services.evidence import MemoryFile

S = TaskState
pytestmark = pytest.mark.django_db


def pdf(name="佐证.pdf"):
    return MemoryFile(name, b"%PDF-1.4 evidence of the work done")


def refused(call, match, **kwargs):
    """Assert a refusal with a message and that nothing was written."""
    before = Event.objects.count()
    with pytest.raises(DomainError, match=match):
        call(**kwargs)
    assert Event.objects.count() == before


def test_it_runs_the_whole_loop_and_logs_one_event_per_step(world):
    task = world.task(state="in_progress")
    svc.task_report(actor=world.liaison, task_id=task.pk, text="已完成方案起草", percent=40, evidence=[pdf()])
    svc.task_request_closure(actor=world.liaison, task_id=task.pk, text="已整改到位")
    svc.closure_reject(actor=world.supervisor, task_id=task.pk, reason="佐证材料缺少资金追回凭证")
    svc.task_report(actor=world.liaison, task_id=task.pk, text="补充凭证", percent=100, evidence=[pdf("凭证.pdf")])
    svc.task_request_closure(actor=world.liaison, task_id=task.pk)
    svc.closure_approve(actor=world.supervisor, task_id=task.pk, comment="同意销号")
    task.refresh_from_db()
    assert task.state == S.CLOSED and task.percent == 100
    assert task.recheck_due_on == task.closed_on + dt.timedelta(days=90)
    assert all(e.approved for e in task.evidence.all())
    actions = list(Event.objects.filter(task_id=task.pk).values_list("action", flat=True))
    assert actions == ["task.created", "task.assigned", "task.signed", "task.reported", "task.closure_requested",
                       "task.closure_returned", "task.reported", "task.closure_requested", "task.closure_approved"]
    returned = Event.objects.get(task_id=task.pk, action="task.closure_returned")
    assert returned.payload["reason"] == "佐证材料缺少资金追回凭证"


def test_it_sends_tasks_of_a_reviewing_programme_to_the_leader_first(world):
    task = world.task(programme=world.reviewed.name)
    svc.task_assign(actor=world.supervisor, task_id=task.pk)
    task.refresh_from_db()
    assert task.state == S.REVIEW
    refused(svc.task_review, "不存在", actor=world.other_leader, task_id=task.pk, approve=True)
    refused(svc.task_review, "退回理由", actor=world.leader, task_id=task.pk, approve=False, reason=" ")
    svc.task_review(actor=world.leader, task_id=task.pk, approve=False, reason="目标需量化")
    assert Task.objects.get(pk=task.pk).state == S.DRAFT
    svc.task_assign(actor=world.supervisor, task_id=task.pk)
    svc.task_review(actor=world.leader, task_id=task.pk, approve=True)
    assert Task.objects.get(pk=task.pk).state == S.ASSIGNED


def test_it_refuses_steps_out_of_order(world):
    task = world.task(state="assigned")
    refused(svc.task_report, "「已交办」，不能报送进展", actor=world.liaison, task_id=task.pk, text="x", percent=1)
    refused(svc.task_request_closure, "不能申请销号", actor=world.liaison, task_id=task.pk, evidence=[pdf()])
    refused(svc.closure_approve, "不能审核销号", actor=world.supervisor, task_id=task.pk)
    refused(svc.task_recheck, "不能回头看", actor=world.supervisor, task_id=task.pk, consolidated=True)
    refused(svc.task_assign, "不能交办", actor=world.supervisor, task_id=task.pk)


def test_it_requires_evidence_for_closure(world):
    task = world.task(state="in_progress")
    refused(svc.task_request_closure, "还没有佐证材料", actor=world.liaison, task_id=task.pk)
    assert Task.objects.get(pk=task.pk).state == S.IN_PROGRESS


def test_it_refuses_evidence_of_the_wrong_type_or_size(world):
    task = world.task(state="in_progress")
    refused(svc.task_report, "类型不被接受", actor=world.liaison, task_id=task.pk, text="x", percent=5,
            evidence=[MemoryFile("run.exe", b"MZ")])
    refused(svc.task_report, "空文件", actor=world.liaison, task_id=task.pk, text="x", percent=5,
            evidence=[MemoryFile("a.pdf", b"")])
    assert not task.reports.exists()


def test_it_checks_who_acts(world):
    task = world.task(state="assigned")
    refused(svc.task_sign, "不存在", actor=world.outsider, task_id=task.pk)
    refused(svc.task_sign, "只有牵头单位的联络员", actor=world.co_liaison, task_id=task.pk)
    refused(svc.task_sign, "只有牵头单位的联络员", actor=world.supervisor, task_id=task.pk)
    svc.task_sign(actor=world.liaison, task_id=task.pk)
    # a co-operating unit reports, but its figure does not move the lead unit's progress
    svc.task_report(actor=world.co_liaison, task_id=task.pk, text="配合完成现场核查", percent=90)
    assert Task.objects.get(pk=task.pk).percent == 0
    refused(svc.task_request_closure, "只有牵头单位", actor=world.co_liaison, task_id=task.pk, evidence=[pdf()])
    refused(svc.task_urge, "只有督查员", actor=world.liaison, task_id=task.pk)
    refused(svc.task_instruct, "不存在", actor=world.other_leader, task_id=task.pk, text="抓紧")


def test_it_refuses_a_supervisor_outside_their_jurisdiction(world):
    task = world.task(state="assigned")
    refused(svc.task_urge, "不存在", actor=world.street_supervisor, task_id=task.pk)


def test_it_refuses_bad_reports(world):
    task = world.task(state="in_progress")
    refused(svc.task_report, "0到100", actor=world.liaison, task_id=task.pk, text="x", percent=120)
    refused(svc.task_report, "请填写「进展情况」", actor=world.liaison, task_id=task.pk, text="  ", percent=10)
    refused(svc.task_report, "没有指标「新增车位」", actor=world.liaison, task_id=task.pk, text="x", percent=10,
            target_actuals={"新增车位": "5"})


def test_it_records_target_actuals_and_milestones(world):
    task = world.task(state="in_progress", targets=[{"metric": "追回资金", "target": "1200", "unit_of_measure": "万元"}],
                      milestones=[{"name": "完成方案", "workdays_before": 10}])
    svc.task_report(actor=world.liaison, task_id=task.pk, text="追回资金800万元", percent=60,
                    target_actuals={"追回资金": "800"}, milestones_done=["完成方案"])
    assert str(task.targets.get().actual_value) == "800.0000"
    assert task.milestones.get().done_on is not None


def test_it_moves_the_deadline_on_an_approved_extension_and_keeps_the_old_one(world):
    task = world.task(state="in_progress")
    old = task.deadline
    refused(svc.extension_request, "应晚于", actor=world.liaison, task_id=task.pk, new_deadline=old, reason="x")
    refused(svc.extension_request, "延期理由", actor=world.liaison, task_id=task.pk,
            new_deadline=old + dt.timedelta(days=30), reason="")
    svc.extension_request(actor=world.liaison, task_id=task.pk, new_deadline=old + dt.timedelta(days=30),
                          reason="需待上级批复")
    refused(svc.extension_request, "已有一项延期申请", actor=world.liaison, task_id=task.pk,
            new_deadline=old + dt.timedelta(days=40), reason="再延")
    svc.extension_decide(actor=world.supervisor, task_id=task.pk, approve=True)
    task.refresh_from_db()
    assert task.deadline == old + dt.timedelta(days=30) and task.original_deadline == old
    assert task.extensions.get().state == ExtensionState.APPROVED
    event = Event.objects.get(task_id=task.pk, action="task.extension_approved")
    assert event.payload["old_deadline"] == old.isoformat()


def test_it_keeps_the_deadline_on_a_refused_extension(world):
    task = world.task(state="in_progress")
    svc.extension_request(actor=world.liaison, task_id=task.pk, new_deadline=task.deadline + dt.timedelta(days=9),
                          reason="人手不足")
    refused(svc.extension_decide, "只有督查员", actor=world.liaison, task_id=task.pk, approve=True)
    refused(svc.extension_decide, "不同意的理由", actor=world.supervisor, task_id=task.pk, approve=False)
    svc.extension_decide(actor=world.supervisor, task_id=task.pk, approve=False, reason="应按期完成")
    assert Task.objects.get(pk=task.pk).deadline == task.deadline


def test_it_reopens_a_rebound_task_with_a_new_deadline(world):
    task = world.task(state="closed")
    refused(svc.task_recheck, "重新设定完成时限", actor=world.supervisor, task_id=task.pk, consolidated=False,
            comment="问题反弹")
    new = task.deadline + dt.timedelta(days=20)
    svc.task_recheck(actor=world.supervisor, task_id=task.pk, consolidated=False, comment="问题反弹",
                     new_deadline=new)
    task.refresh_from_db()
    assert (task.state, task.deadline, task.reopen_count) == (S.IN_PROGRESS, new, 1)
    assert not task.evidence.filter(approved=True).exists()


def test_it_consolidates_on_a_clean_recheck(world):
    task = world.task(state="closed")
    svc.task_recheck(actor=world.supervisor, task_id=task.pk, consolidated=True, comment="未反弹")
    assert Task.objects.get(pk=task.pk).state == S.CONSOLIDATED
    refused(svc.task_cancel, "不能撤销", actor=world.supervisor, task_id=task.pk, reason="x")


def test_it_cancels_only_by_a_supervisor_with_a_reason(world):
    task = world.task(state="in_progress")
    refused(svc.task_cancel, "只有督查员", actor=world.liaison, task_id=task.pk, reason="不需要了")
    refused(svc.task_cancel, "撤销理由", actor=world.supervisor, task_id=task.pk, reason="")
    svc.task_cancel(actor=world.supervisor, task_id=task.pk, reason="并入其他事项")
    assert Task.objects.get(pk=task.pk).state == S.CANCELLED


def test_it_logs_urges_and_instructions(world):
    task = world.task(state="in_progress")
    svc.task_urge(actor=world.supervisor, task_id=task.pk, text="请于本周内报送")
    svc.task_instruct(actor=world.leader, task_id=task.pk, text="要倒排工期，确保年底前完成")
    actions = set(Event.objects.filter(task_id=task.pk).values_list("action", flat=True))
    assert {"task.urged", "task.instructed"} <= actions


def test_it_refuses_bad_input_at_creation(world):
    def create(**kw):
        base = dict(actor=world.supervisor, title="整改", programme=world.programme.name, lead_unit="区审计局",
                    deadline=clock.today() + dt.timedelta(days=30))
        base.update(kw)
        return svc.task_create(**base)

    refused(create, "已经过去", deadline=dt.date(2020, 1, 1))
    refused(create, "没有名为「区审计厅」的单位，是否指「区审计局」", lead_unit="区审计厅")
    refused(create, "没有名为「不存在的项目」的督办项目", programme="不存在的项目")
    refused(create, "没有用户「nobody」", responsible_leader="nobody")
    refused(create, "不是领导", responsible_leader="liaison")
    refused(create, "您无权新建督办事项", actor=world.liaison)
    refused(create, "晚于完成时限", milestones=[{"name": "报审", "due_on": clock.today() + dt.timedelta(days=90)}])
    refused(create, "请填写「事项名称」", title=" ")
    assert not Task.objects.exists()


def test_it_lets_a_lead_unit_decompose_a_task_down_its_tree(world):
    from duban.org.services import unit_create

    unit_create(actor=None, name="区审计局经济责任审计科", parent="区审计局")
    parent = world.task(state="in_progress")
    child = svc.task_create(actor=world.liaison, title="分解：经济责任审计整改", programme=world.programme.name,
                            lead_unit="区审计局经济责任审计科", deadline=parent.deadline, parent=parent.pk)
    assert child.parent_id == parent.pk
    refused(svc.task_create, "不在牵头单位「区审计局」之下", actor=world.liaison, title="越级",
            programme=world.programme.name, lead_unit="前进街道", deadline=parent.deadline, parent=parent.pk)


def test_a_sub_task_keeps_the_rules_of_decomposition_however_it_is_asked_for(world):
    """The API's and the command line's `parent` create through task_create: the same rules as the
    task page's 分解 — within the parent's time, programme and units, under an assigned open parent."""
    from duban.org.services import unit_create

    unit_create(actor=None, name="区审计局经济责任审计科", parent="区审计局")
    parent = world.task(state="in_progress")
    ask = {"actor": world.supervisor, "title": "分解：整改资金追缴", "programme": world.programme.name,
           "lead_unit": "区审计局经济责任审计科", "deadline": parent.deadline, "parent": parent.pk}
    refused(svc.task_create, "不能晚于上级事项", **{**ask, "deadline": parent.deadline + dt.timedelta(days=1)})
    refused(svc.task_create, "不在牵头单位", **{**ask, "lead_unit": "前进街道"})
    refused(svc.task_create, "应属于上级事项的督办项目", **{**ask, "programme": world.reviewed.name})
    draft = world.task(state="draft")
    liaisons = {**ask, "actor": world.liaison, "parent": draft.pk, "deadline": draft.deadline}
    refused(svc.task_create, "交办后才能分解", **liaisons)  # a liaison decomposes what it was given
    from duban.tasks.services.decomposition import task_decompose

    refused(task_decompose, "交办后才能分解", actor=world.supervisor, task_id=draft.pk,
            unit="区审计局经济责任审计科", title="分解", deadline=draft.deadline)  # handing down assigns at once
    assert svc.task_create(**{**ask, "parent": draft.pk, "deadline": draft.deadline}).parent_id == draft.pk
    assert svc.task_create(**ask).parent_id == parent.pk


def test_evidence_added_after_a_return_counts_even_when_the_clock_steps_back(world):
    """A server whose clock is set back (NTP, a restored VM) must not refuse a closure that rests on
    evidence sent after the return, nor accept one that rests on nothing new."""
    task = world.task(state="in_progress")
    svc.task_report(actor=world.liaison, task_id=task.pk, text="已完成方案", percent=60, evidence=[pdf()])
    svc.task_request_closure(actor=world.liaison, task_id=task.pk)
    svc.closure_reject(actor=world.supervisor, task_id=task.pk, reason="缺少整改前后对比照片")
    refused(svc.task_request_closure, "上次退回后还没有补充新的佐证材料", actor=world.liaison, task_id=task.pk)
    with clock.travel(clock.now() - dt.timedelta(minutes=5)):
        svc.task_report(actor=world.liaison, task_id=task.pk, text="补充照片", percent=100,
                        evidence=[pdf("对比照片.pdf")])
        svc.task_request_closure(actor=world.liaison, task_id=task.pk)
    assert Task.objects.get(pk=task.pk).state == S.CLOSURE_REQUESTED
