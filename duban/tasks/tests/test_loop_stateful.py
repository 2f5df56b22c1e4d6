"""Random walks through the loop by every persona: the invariants hold whatever they try."""
import datetime as dt

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from duban.core import clock
from duban.core.errors import DomainError
from duban.core.eventlog import verify_log
from duban.core.models import Event
from duban.tasks import services as svc
from duban.tasks.models import Task, TaskState
from duban.tasks.nodes import next_due
from duban.tasks.services.evidence import MemoryFile
from duban.tasks.transitions import TRANSITIONS

S = TaskState
# The moves the transitions table allows: the walks below must never make another.
ALLOWED = {(before, outcome.to_state) for step in TRANSITIONS for before in step.from_states
           for outcome in step.outcomes.values() if outcome.to_state}
PERSONAS = ["supervisor", "liaison", "co_liaison", "outsider", "leader", "other_leader", "auditor", "admin"]


def someone(usual: str):
    """Mostly the person whose step it is, sometimes anyone at all."""
    return st.one_of(st.just(usual), st.just(usual), st.sampled_from(PERSONAS))


def make_machine(world):
    class Loop(RuleBasedStateMachine):
        tasks = Bundle("tasks")
        created = 0

        def attempt(self, call, who, task_id, **kwargs):
            try:
                call(actor=world.users[who], task_id=task_id, **kwargs)
            except DomainError:
                pass

        @precondition(lambda self: self.created < 3)  # a few tasks walked far, not many walked a step
        @rule(target=tasks, reviewed=st.booleans())
        def create(self, reviewed):
            self.created += 1
            programme = world.reviewed if reviewed else world.programme
            return svc.task_create(actor=world.supervisor, title="随机事项", programme=programme.name,
                                   lead_unit="区审计局", co_units=["区住房和城乡建设局"], responsible_leader="leader",
                                   deadline=clock.today() + dt.timedelta(days=40),
                                   milestones=[{"name": "形成方案", "workdays_before": 20},
                                               {"name": "中期评估", "workdays_before": 5}]).pk

        @rule(task=tasks)
        def advance(self, task):
            """The next step on the happy path, by the right person, so walks reach the far states."""
            state = Task.objects.get(pk=task).state
            pdf = [MemoryFile("佐证.pdf", b"%PDF evidence")]
            step = {
                S.DRAFT: (svc.task_assign, "supervisor", {}),
                S.REVIEW: (svc.task_review, "leader", {"approve": True}),
                S.ASSIGNED: (svc.task_sign, "liaison", {}),
                S.IN_PROGRESS: (svc.task_request_closure, "liaison", {"evidence": pdf}),
                S.CLOSURE_REQUESTED: (svc.closure_approve, "supervisor", {}),
            }.get(state)
            if step:
                self.attempt(step[0], step[1], task, **step[2])

        @rule(task=tasks, who=someone("supervisor"))
        def assign(self, task, who):
            self.attempt(svc.task_assign, who, task)

        @rule(task=tasks, who=someone("leader"), approve=st.booleans())
        def review(self, task, who, approve):
            self.attempt(svc.task_review, who, task, approve=approve, reason="需细化")

        @rule(task=tasks, who=someone("liaison"))
        def sign(self, task, who):
            self.attempt(svc.task_sign, who, task)

        @rule(task=tasks, who=someone("liaison"), with_file=st.booleans(), percent=st.integers(-5, 105),
              done=st.sampled_from([[], ["形成方案"], ["中期评估"], ["形成方案", "中期评估"]]))
        def report(self, task, who, with_file, percent, done):
            files = [MemoryFile("进展.pdf", b"%PDF report")] if with_file else []
            self.attempt(svc.task_report, who, task, text="进展", percent=percent, evidence=files,
                         milestones_done=done)

        @rule(task=tasks, who=someone("liaison"), with_file=st.booleans())
        def request_closure(self, task, who, with_file):
            files = [MemoryFile("销号.pdf", b"%PDF closure")] if with_file else []
            self.attempt(svc.task_request_closure, who, task, evidence=files)

        @rule(task=tasks, who=someone("supervisor"), approve=st.booleans())
        def decide_closure(self, task, who, approve):
            if approve:
                self.attempt(svc.closure_approve, who, task)
            else:
                self.attempt(svc.closure_reject, who, task, reason="佐证不足")

        @rule(task=tasks, who=someone("supervisor"), consolidated=st.booleans())
        def recheck(self, task, who, consolidated):
            self.attempt(svc.task_recheck, who, task, consolidated=consolidated, comment="回头看",
                         new_deadline=clock.today() + dt.timedelta(days=30))

        @rule(task=tasks, who=someone("liaison"), days=st.integers(-10, 90))
        def request_extension(self, task, who, days):
            self.attempt(svc.extension_request, who, task, new_deadline=clock.today() + dt.timedelta(days=days),
                         reason="客观原因")

        @rule(task=tasks, who=someone("supervisor"), approve=st.booleans())
        def decide_extension(self, task, who, approve):
            self.attempt(svc.extension_decide, who, task, approve=approve, reason="审批意见")

        @rule(task=tasks, who=someone("supervisor"))
        def cancel(self, task, who):
            self.attempt(svc.task_cancel, who, task, reason="并入其他事项")

        @invariant()
        def closed_tasks_have_approved_evidence(self):
            for task in Task.objects.filter(state__in=[S.CLOSED, S.CONSOLIDATED]):
                assert task.evidence.filter(approved=True).exists()

        @invariant()
        def state_never_skips_a_step(self):
            last: dict[int, str] = {}
            for task_id, state in Event.objects.filter(task_id__isnull=False).order_by("id").values_list(
                    "task_id", "state_after"):
                before = last.get(task_id)
                assert before is None or before == state or (before, state) in ALLOWED, (before, state)
                last[task_id] = state

        @invariant()
        def next_node_is_kept_on_the_task(self):
            """What the lights in the database read (tasks.nodes) is what the milestones and deadline say."""
            for task in Task.objects.prefetch_related("milestones"):
                assert task.next_due_on == next_due(task.deadline, task.milestones.all()), task.pk

        @invariant()
        def chain_is_unbroken(self):
            result = verify_log()
            assert result.ok, result.problem

    return Loop


@pytest.mark.django_db
def test_it_keeps_the_loop_invariants_under_random_walks(world):
    run_state_machine_as_test(make_machine(world), settings=settings(
        max_examples=60, stateful_step_count=50, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
    # The walks must have reached the far end of the loop, or the invariants proved little.
    reached = set(Event.objects.values_list("action", flat=True))
    assert {"task.closure_approved", "task.signed", "task.cancelled"} <= reached
    # Every event a walk wrote is one the table names.
    named = {o.event for step in TRANSITIONS for o in step.outcomes.values()} | {"task.created"}
    assert {a for a in reached if a.startswith("task.")} <= named
    assert len({a for a in reached if a.startswith("task.")}) >= 10
