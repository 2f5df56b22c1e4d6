"""Cases: written from a closed task (by its lead unit or its supervisor) or from a programme (by
its supervisor), submitted, reviewed by a supervisor of the unit who did not write it, then
published to the library that every signed-in user can search. Each change writes one event."""
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from duban.cases.models import Case, CaseState
from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.core.eventlog import append_event
from duban.org.models import User
from duban.supervision.assessment import assessment_entry_record
from duban.tasks.access import access_task, supervises_programme, supervises_unit
from duban.tasks.models import Programme, TaskState

TEXT_LIMIT = 5000
MAX_FIGURES = 20
DONE = (TaskState.CLOSED, TaskState.CONSOLIDATED)


def _text(value, field: str, label: str, limit: int = TEXT_LIMIT) -> str:
    value = (value or "").strip()
    if not value or len(value) > limit:
        raise DomainError(gettext("请填写%(field)s，最长%(most)s字") % {"field": gettext(label), "most": limit}, field=field)
    return value


def _figures(figures) -> list[dict]:
    cleaned = []
    for row in figures or []:
        name, value = str(row.get("name", "")).strip(), str(row.get("value", "")).strip()
        if not name and not value:
            continue
        if not name or not value or len(name) > 60 or len(value) > 60:
            raise DomainError(gettext("每项成效数据需有名称和数值，各不超过60字"), field="figures")
        cleaned.append({"name": name, "value": value})
    if len(cleaned) > MAX_FIGURES:
        raise DomainError(gettext("成效数据最多%(most)s项") % {"most": MAX_FIGURES}, field="figures")
    return cleaned


def case_figures_of_task(task) -> list[dict]:
    """A closed task's quantified targets as the case's figures: what was planned and achieved."""
    return [{"name": t.metric, "value": f"{_num(t.actual_value)}{t.unit_of_measure}（目标{_num(t.target_value)}"
                                         f"{t.unit_of_measure}）"}
            for t in task.targets.all() if t.actual_value is not None]


def _num(value) -> str:
    return format(value.normalize(), "f")


def _source(actor: User, task_id, programme_id):
    if task_id:
        task, caps = access_task(actor, task_id)
        if task.state not in DONE:
            raise DomainError(gettext("只有已销号的事项可以写成案例"), field="task")
        if not (caps.lead or caps.supervise):
            raise DomainError(gettext("案例由牵头单位或督查室撰写"), field="task")
        return task, task.programme, task.lead_unit
    programme = Programme.objects.select_related("owner_unit").filter(pk=programme_id).first()
    if programme is None or not supervises_programme(actor, programme):
        raise NotFound(gettext("督办项目 %(id)s 不存在") % {"id": programme_id})
    return None, programme, programme.owner_unit


@transaction.atomic
def case_create(*, actor: User, title: str, background: str, measures: str, results: str,
                task_id=None, programme_id=None, figures=None, keywords: str = "") -> Case:
    if not task_id and not programme_id:
        raise DomainError(gettext("案例应来自一个已销号的事项或一个督办项目"), field="task")
    task, programme, unit = _source(actor, task_id, programme_id)
    if figures is None and task is not None:
        figures = case_figures_of_task(task)
    case = Case.objects.create(
        title=_text(title, "title", "案例标题", 200), unit=unit, task=task, programme=programme,
        background=_text(background, "background", "背景"), measures=_text(measures, "measures", "主要做法"),
        results=_text(results, "results", "取得成效"), figures=_figures(figures),
        keywords=(keywords or "").strip()[:200], author=actor, created_at=clock.now())
    append_event(actor=actor.username, action="case.created", task=task,
                 payload={"case": case.pk, "title": case.title, "unit": unit.name})
    return case


def case_for(user: User, case_id, *, lock: bool = False) -> Case:
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise NotFound(gettext("案例 %(id)s 不存在") % {"id": case_id}) from None
    qs = Case.objects.select_related("unit", "task", "programme", "author", "reviewer")
    case = (qs.select_for_update(of=("self",)) if lock else qs).filter(pk=pk).first()
    if case is None or not case_readable(user, case):
        raise NotFound(gettext("案例 %(id)s 不存在") % {"id": case_id})
    return case


def case_readable(user: User, case: Case) -> bool:
    """Published cases are for everyone signed in; drafts for their author and the unit's supervisors."""
    if not user.is_authenticated:
        return False
    return case.state == CaseState.PUBLISHED or case.author_id == user.pk or supervises_unit(user, case.unit)


@transaction.atomic
def case_submit(*, actor: User, case_id) -> Case:
    case = case_for(actor, case_id, lock=True)
    if case.author_id != actor.pk:
        raise DomainError(gettext("只有撰写人可以提交案例"))
    if case.state not in (CaseState.DRAFT, CaseState.RETURNED):
        raise DomainError(gettext("案例%(state)s，不能再提交") % {"state": gettext(case.get_state_display())})
    return _move(actor, case, CaseState.SUBMITTED, "case.submitted")


@transaction.atomic
def case_review(*, actor: User, case_id, publish: bool, note: str = "") -> Case:
    """A supervisor of the case's unit who did not write it publishes it or returns it with a reason."""
    case = case_for(actor, case_id, lock=True)
    if not supervises_unit(actor, case.unit):
        raise DomainError(gettext("只有督查室可以审核案例"))
    if case.author_id == actor.pk:
        raise DomainError(gettext("撰写人不能审核自己的案例"))
    if case.state != CaseState.SUBMITTED:
        raise DomainError(gettext("案例尚未提交审核"))
    note = (note or "").strip()
    if not publish and not note:
        raise DomainError(gettext("退回案例请写明理由"), field="note")
    case.reviewer, case.review_note = actor, note[:500]
    if not publish:
        return _move(actor, case, CaseState.RETURNED, "case.returned", note=note)
    case.published_on = clock.today()
    _move(actor, case, CaseState.PUBLISHED, "case.published")
    assessment_entry_record(actor=actor, unit=case.unit, code="case_published", on=case.published_on,
                            reason=f"案例「{case.title}」入选案例库", source=f"case:{case.pk}", automatic=True)
    return case


def _move(actor: User, case: Case, state: str, action: str, **payload) -> Case:
    case.state = state
    case.save(update_fields=["state", "reviewer", "review_note", "published_on"])
    append_event(actor=actor.username, action=action, task=case.task, payload={"case": case.pk, **payload})
    return case


def cases_published(*, q: str = "", unit: str = "", year: int | None = None):
    """The library: every word of `q` must appear in the title, the text, the keywords or the unit."""
    qs = Case.objects.filter(state=CaseState.PUBLISHED).select_related("unit")
    for word in (q or "").split()[:10]:
        qs = qs.filter(Q(title__icontains=word) | Q(background__icontains=word) | Q(measures__icontains=word)
                       | Q(results__icontains=word) | Q(keywords__icontains=word) | Q(unit__name__icontains=word))
    if unit:
        qs = qs.filter(unit__name=unit)
    if year:
        qs = qs.filter(published_on__year=year)
    return qs


def cases_in_progress(user: User):
    """Drafts and cases under review that a user wrote or reviews."""
    from duban.tasks.access import memberships_of

    q = Q(author=user)
    for m in memberships_of(user):
        if supervises_unit(user, m.unit):
            q |= Q(unit__path__under=m.unit.path)
    return Case.objects.exclude(state=CaseState.PUBLISHED).filter(q).select_related("unit", "author")
