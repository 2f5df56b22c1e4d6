"""Programme kinds are modules: the loop asks a programme's kind, and a new kind needs no other change."""
from dataclasses import dataclass

import pytest

from duban.core.errors import DomainError
from duban.tasks import services as svc
from duban.tasks.kinds import KINDS, ExtraField, Kind, kind_for, register, unregister
from duban.tasks.models import ProgrammeKind, SourceKind
from duban.tasks.services.evidence import MemoryFile
from duban.tasks.transitions import BY_NAME

pytestmark = pytest.mark.django_db


def test_every_kind_a_programme_can_have_is_a_module():
    assert set(ProgrammeKind.values) <= set(KINDS)
    for kind in KINDS.values():
        assert kind.default_source in SourceKind.values
        assert kind.ledger_columns in ("supervision", "rectification")


def test_the_audit_kind_holds_what_is_particular_to_audit():
    audit = kind_for("audit")
    assert audit.reviewer_role == "auditor" and audit.default_source == "audit_finding"
    assert "rectification_class" in audit.extra_fields and audit.ledger_columns == "rectification"
    assert kind_for("general").supervisor_roles == ("supervisor",)


@dataclass(frozen=True)
class Hearing(Kind):
    """A throw-away kind: one extra field, and a gate that refuses closure before a public hearing."""

    def gate(self, action, task, actor, **params):
        if action == "request_closure" and "听证" not in (task.remarks or ""):
            raise DomainError("重大决策须先举行听证会，请在备注中记录听证情况")


@pytest.fixture
def hearing_kind():
    register(Hearing(name="hearing", label="听证事项", default_source="decision_catalogue",
                     extra_fields={"remarks": ExtraField("听证情况", required=True)}))
    yield KINDS["hearing"]
    unregister("hearing")


def test_a_new_kind_is_a_module_and_nothing_else(world, hearing_kind):
    assert "request_closure" in BY_NAME
    svc.programme_create(actor=world.supervisor, name="2026年听证事项", year=2026, owner_unit="钱塘区", kind="hearing")
    task = world.task(programme="2026年听证事项", state="in_progress")
    pdf = [MemoryFile("方案.pdf", b"%PDF-1.4 plan")]
    with pytest.raises(DomainError, match="听证会"):
        svc.task_request_closure(actor=world.liaison, task_id=task.pk, evidence=pdf)
    task.remarks = "2026年5月举行听证会"
    task.save(update_fields=["remarks"])
    svc.task_request_closure(actor=world.liaison, task_id=task.pk, evidence=pdf)
    task.refresh_from_db()
    assert task.state == "closure_requested"
    # The programme settings page offers the new kind with everything else.
    assert ("hearing", "听证事项") in [(k.name, k.label) for k in KINDS.values()]


def test_a_kinds_required_field_stops_closure_until_filled(world, hearing_kind):
    svc.programme_create(actor=world.supervisor, name="2026年听证事项", year=2026, owner_unit="钱塘区", kind="hearing")
    task = world.task(programme="2026年听证事项", state="in_progress")
    assert kind_for(task.programme).closure_problems(task) == ["请先填写「听证情况」"]


def test_the_kind_checks_its_extra_fields_at_creation(world):
    """The audit kind's rectification class is one of its three; before, anything was stored."""
    with pytest.raises(DomainError, match="整改类型"):
        world.task(rectification_class="随便改改")
    task = world.task(rectification_class="staged")
    assert task.rectification_class == "staged"
