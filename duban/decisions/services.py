"""The decisions catalogue: drafted by the programme's supervisors, approved as a whole (each
decision then becomes a task of the loop), adjusted afterwards only with a ground and an approval;
each decision's statutory steps recorded as gates. Every change writes one event."""
import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.core.eventlog import append_event
from duban.decisions.models import Adjustment, Catalogue, CatalogueState, Decision, DecisionStep
from duban.org.models import User
from duban.org.services import unit_by_name
from duban.tasks.access import supervises_programme
from duban.tasks.kinds.decision import STEP_LABELS, STEPS
from duban.tasks.services import programme_by_name, task_assign, task_create

LEGALITY, COLLECTIVE, PUBLIC = "legality_review", "collective_decision", "public_participation"
ALWAYS = (LEGALITY, COLLECTIVE)  # the regulation requires these of every major decision


def step_code(value: str) -> str:
    """A step by its code or its Chinese name."""
    by_label = {label: code for code, label in STEPS}
    code = by_label.get(str(value).strip(), str(value).strip())
    if code not in STEP_LABELS:
        raise DomainError(gettext("没有「%(value)s」这一法定程序；应为：%(steps)s") % {"value": value, "steps": '、'.join(gettext(label) for label in STEP_LABELS.values())}, field="step")
    return code


def _keeper(actor: User, catalogue: Catalogue) -> None:
    if not supervises_programme(actor, catalogue.programme):
        raise NotFound(gettext("%(year)s年度重大行政决策事项目录不存在") % {"year": catalogue.year})


@transaction.atomic
def catalogue_create(*, actor: User, year: int, programme: str, title: str = "") -> Catalogue:
    prog = programme_by_name(programme)
    if prog.kind != "decision":
        raise DomainError(gettext("「%(programme)s」不是重大行政决策类督办项目") % {"programme": prog.name}, field="programme")
    if not supervises_programme(actor, prog):
        raise DomainError(gettext("您不督查「%(programme)s」") % {"programme": prog.name}, field="programme")
    if Catalogue.objects.filter(year=year).exists():
        raise DomainError(gettext("%(year)s年度目录已存在") % {"year": year}, field="year")
    catalogue = Catalogue.objects.create(year=year, programme=prog,
                                         title=title or f"{year}年度重大行政决策事项目录")
    append_event(actor=actor.username, action="decision.catalogue_created", payload={"year": year, "programme": prog.name})
    return catalogue


def catalogue_of(year: int) -> Catalogue:
    catalogue = Catalogue.objects.select_related("programme__owner_unit").filter(year=year).first()
    if catalogue is None:
        raise NotFound(gettext("%(year)s年度重大行政决策事项目录不存在") % {"year": year})
    return catalogue


def _steps_required(steps, hearing: bool) -> list[str]:
    required = {step_code(s) for s in steps} | set(ALWAYS)
    if hearing:
        required.add(PUBLIC)  # a hearing is a form of public participation
    return [code for code, _label in STEPS if code in required]


def _new_decision(catalogue, *, name, unit, planned_on, legal_basis, hearing, steps) -> Decision:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise DomainError(gettext("决策事项名称不能为空，最长200字"), field="name")
    seq = (catalogue.decisions.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    decision = Decision.objects.create(catalogue=catalogue, seq=seq, name=name, unit=unit_by_name(unit),
                                       legal_basis=(legal_basis or "").strip()[:500], planned_on=planned_on,
                                       hearing=hearing)
    required = _steps_required(steps, hearing)
    DecisionStep.objects.bulk_create(DecisionStep(decision=decision, step=code, order=i, required=code in required)
                                     for i, (code, _label) in enumerate(STEPS, 1))
    return decision


@transaction.atomic
def decision_add(*, actor: User, year: int, name: str, unit: str, planned_on: dt.date, legal_basis: str = "",
                 hearing: bool = False, steps=(), ground: str = "", approval: str = "") -> Decision:
    """A decision into the draft catalogue; into an approved one only as an adjustment with its
    ground and approval, and then it runs at once."""
    catalogue = catalogue_of(year)
    _keeper(actor, catalogue)
    approved = catalogue.state == CatalogueState.APPROVED
    if approved:
        _adjustment_reasons(ground, approval)
    decision = _new_decision(catalogue, name=name, unit=unit, planned_on=planned_on, legal_basis=legal_basis,
                             hearing=hearing, steps=steps)
    append_event(actor=actor.username, action="decision.added",
                 payload={"year": year, "seq": decision.seq, "name": decision.name, "unit": unit,
                          "steps": [s.step for s in decision.steps.filter(required=True)]})
    if approved:
        _record_adjustment(actor, decision, "added", ground, approval, {"name": decision.name})
        _start(actor, decision)
    return decision


def _adjustment_reasons(ground: str, approval: str) -> None:
    if not (ground or "").strip():
        raise DomainError(gettext("目录已审定，调整须写明理由"), field="ground")
    if not (approval or "").strip():
        raise DomainError(gettext("目录已审定，调整须写明批准情况（如：区政府常务会议审议同意）"), field="approval")


def _record_adjustment(actor, decision, action, ground, approval, detail) -> Adjustment:
    adjustment = Adjustment.objects.create(catalogue=decision.catalogue, decision=decision, action=action,
                                           ground=ground.strip()[:500], approval=approval.strip()[:200],
                                           recorded_by=actor.username, recorded_on=clock.today(), detail=detail)
    append_event(actor=actor.username, action="decision.catalogue_adjusted", task=decision.task,
                 payload={"year": decision.catalogue.year, "seq": decision.seq, "action": action,
                          "ground": adjustment.ground, "approval": adjustment.approval, **detail})
    return adjustment


def _start(actor: User, decision: Decision) -> None:
    """The decision's task in the loop: led by the organising unit, due on the planned date."""
    task = task_create(actor=actor, title=decision.name, programme=decision.catalogue.programme.name,
                       lead_unit=decision.unit.name, deadline=decision.planned_on, source_kind="decision_catalogue",
                       source_ref=decision.catalogue.title)
    decision.task = task
    decision.save(update_fields=["task"])
    decision.task = task_assign(actor=actor, task_id=task.pk)


@transaction.atomic
def catalogue_approve(*, actor: User, year: int, approval: str) -> Catalogue:
    """The catalogue approved as a whole (e.g. by the government's executive meeting); every
    decision then starts as a task."""
    catalogue = catalogue_of(year)
    _keeper(actor, catalogue)
    if catalogue.state == CatalogueState.APPROVED:
        raise DomainError(gettext("目录已审定"))
    if not (approval or "").strip():
        raise DomainError(gettext("请写明审定情况（如：区政府常务会议（3月27日）审议通过）"), field="approval")
    if not catalogue.decisions.exists():
        raise DomainError(gettext("目录中还没有决策事项"))
    catalogue.state, catalogue.approved_by, catalogue.approved_on = CatalogueState.APPROVED, approval.strip()[:200], clock.today()
    catalogue.save(update_fields=["state", "approved_by", "approved_on"])
    append_event(actor=actor.username, action="decision.catalogue_approved",
                 payload={"year": year, "approval": catalogue.approved_by, "decisions": catalogue.decisions.count()})
    for decision in catalogue.decisions.order_by("seq"):
        _start(actor, decision)
    return catalogue


@transaction.atomic
def decision_reschedule(*, actor: User, decision_id, planned_on: dt.date, ground: str, approval: str) -> Decision:
    decision = _decision_for_keeper(actor, decision_id)
    _adjustment_reasons(ground, approval)
    old = decision.planned_on
    decision.planned_on = planned_on
    decision.save(update_fields=["planned_on"])
    _record_adjustment(actor, decision, "rescheduled", ground, approval,
                       {"from": old.isoformat(), "to": planned_on.isoformat()})
    return decision


def _decision_for_keeper(actor: User, decision_id) -> Decision:
    decision = Decision.objects.select_related("catalogue__programme__owner_unit", "task").filter(
        pk=_pk(decision_id)).first()
    if decision is None:
        raise NotFound(gettext("决策事项 %(id)s 不存在") % {"id": decision_id})
    _keeper(actor, decision.catalogue)
    return decision


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound(gettext("决策事项 %(id)s 不存在") % {"id": value}) from None
