"""Analytics services: every page and command loads, runs and decides leads through these.

A run is recorded before it starts (so a page can follow its progress) and completed in one
transaction with its leads and its event; a decision on a lead is one transaction and one event.
"""
from collections.abc import Callable

from django.db import transaction

from duban.analytics.access import access_lead, access_source, may_use_analytics
from duban.analytics.engines import engine_for
from duban.analytics.evaluate import evaluate
from duban.analytics.models import Lead, LeadState, Run, RunState, Source
from duban.analytics.rules import rule_by_code
from duban.core import clock
from duban.core.errors import DomainError
from duban.core.eventlog import append_event

STEPS = ["bind", "query", "leads", "save"]


def require_analyst(actor) -> None:
    if actor is None or not getattr(actor, "pk", None) or not may_use_analytics(actor):
        raise DomainError("只有审计项目所在辖区的审计人员或督查员可以使用数据分析（请用 --as 指定用户）")


def _check_roles(source: Source, roles, what: str) -> None:
    mapped = set(source.mappings.values_list("role", flat=True))
    missing = [r for r in roles if r not in mapped]
    if missing:
        from duban.analytics.roles import BY_NAME

        labels = "、".join(f"{BY_NAME[r].label}（{r}）" for r in missing)
        raise DomainError(f"{what}数据源「{source.name}」没有映射：{labels}；请重新载入并用 --map 指定")


def run_prepare(*, actor, source: str, test: str, params: dict | None = None, engine: str = "duckdb") -> Run:
    """Check everything a run needs and record it as running."""
    require_analyst(actor)
    src = access_source(actor, source)
    rule = rule_by_code(test)
    values = rule.read_params(params or {})
    engine_for(engine)
    _check_roles(src, rule.roles, f"测试「{rule.name}」需要的")
    if "other" in values:
        other = access_source(actor, values["other"])
        _check_roles(other, rule.other_roles, "对照")
        values["other"] = other.name  # named by id or by name, the run finds it by its (unique) name
    return Run.objects.create(source=src, test=rule.code, params=values, engine=engine, fingerprint=src.fingerprint,
                              actor=actor, started_at=clock.now(), total=len(STEPS))


def run_execute(*, run_id: int, progress: Callable[[str, int, int], None] | None = None) -> Run:
    """Run a recorded run; a refusal (e.g. too small a sample) is kept on the run as its result."""
    run = Run.objects.select_related("source", "actor").get(pk=run_id)
    rule = rule_by_code(run.test)
    other = Source.objects.filter(name=run.params.get("other")).first() if run.params.get("other") else None

    def step(name: str) -> None:
        done = STEPS.index(name)
        Run.objects.filter(pk=run.pk).update(done=done)
        if progress:
            progress(name, done, len(STEPS))

    try:
        with engine_for(run.engine) as engine:
            outcome = evaluate(rule, run.params, engine, source=run.source, other=other, step=step)
    except DomainError as exc:
        return _finish(run, state=RunState.FAILED, result={"error": exc.message}, leads=[])
    step("save")
    return _finish(run, state=RunState.DONE, result=outcome.result, leads=outcome.leads)


@transaction.atomic
def _finish(run: Run, *, state: str, result: dict, leads) -> Run:
    Lead.objects.bulk_create([Lead(run=run, key=f.key[:300], title=f.title, row_nos=f.row_nos) for f in leads])
    run.state, run.result, run.lead_count = state, result, len(leads)
    run.finished_at, run.done = clock.now(), len(STEPS)
    run.save(update_fields=["state", "result", "lead_count", "finished_at", "done"])
    append_event(actor=run.actor.username, action="analytics.run", payload={
        "run": run.pk, "source": run.source.name, "test": run.test, "params": run.params, "engine": run.engine,
        "fingerprint": run.fingerprint, "state": state, "leads": len(leads), "error": result.get("error")})
    return run


def run_test(*, actor, source: str, test: str, params: dict | None = None, engine: str = "duckdb",
             progress=None) -> Run:
    run = run_prepare(actor=actor, source=source, test=test, params=params, engine=engine)
    return run_execute(run_id=run.pk, progress=progress)


def run_repeat(*, actor, run_id, progress=None) -> Run:
    """The same test with the same parameters on the same source, as recorded; whether the data is
    unchanged shows in the two runs' fingerprints."""
    from duban.analytics.access import access_run

    require_analyst(actor)
    old = access_run(actor, run_id)
    return run_test(actor=actor, source=old.source.name, test=old.test, params=old.params, engine=old.engine,
                    progress=progress)


def _decidable(actor, lead_id, reason: str) -> tuple[Lead, str]:
    require_analyst(actor)
    lead = access_lead(actor, lead_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("确认或排除疑点须写明理由")
    if len(reason) > 2000:
        raise DomainError("理由不能超过2000字")
    if lead.state != LeadState.OPEN:
        raise DomainError(f"疑点 {lead.pk} 已{lead.get_state_display()}，不能再次处理")
    return lead, reason


@transaction.atomic
def lead_dismiss(*, actor, lead_id, reason: str) -> Lead:
    lead, reason = _decidable(actor, lead_id, reason)
    _decide(lead, actor, LeadState.DISMISSED, reason)
    append_event(actor=actor.username, action="analytics.lead_dismissed",
                 payload={"lead": lead.pk, "run": lead.run_id, "title": lead.title, "reason": reason})
    return lead


@transaction.atomic
def lead_confirm(*, actor, lead_id, reason: str, lead_unit: str | None = None, deadline=None,
                 rectification_class: str = "", project_id=None) -> Lead:
    """A confirmed lead becomes an audit finding to rectify. Given an audit project, it is recorded
    as that project's finding (duban.audit's `finding_create`: the class's rules, the audit office's
    check before closure); without one, a task of the source's audit programme. Either way the task
    comes from the closed loop's own services, so its rules and event apply."""
    lead, reason = _decidable(actor, lead_id, reason)
    source = lead.run.source
    unit = lead_unit or (source.audited_unit.name if source.audited_unit else None)
    if not unit:
        raise DomainError("请指明负责整改的被审计单位（--lead-unit）")
    content = f"{lead.title}\n数据源：{source.name}（{source.file_name}，第{_rows_text(lead.row_nos)}行）\n核实意见：{reason}"
    if project_id:
        from duban.audit.services import finding_create

        finding = finding_create(actor=actor, project_id=project_id, problem=content, audited_unit=unit,
                                 rectification_class=rectification_class or "immediate", deadline=deadline,
                                 category="数据分析疑点")
        task = finding.task
    else:
        task = _lead_task(actor, lead, source, unit, deadline, rectification_class, content)
    lead.task = task
    _decide(lead, actor, LeadState.CONFIRMED, reason, extra=["task"])
    append_event(actor=actor.username, action="analytics.lead_confirmed", task=task,
                 payload={"lead": lead.pk, "run": lead.run_id, "title": lead.title, "reason": reason,
                          "project": project_id})
    return lead


def _lead_task(actor, lead, source, unit, deadline, rectification_class, content):
    from duban.tasks.models import SourceKind
    from duban.tasks.services import task_create

    return task_create(
        actor=actor, title=f"数据分析疑点：{lead.title}"[:200], programme=source.programme.name, lead_unit=unit,
        deadline=deadline, source_kind=SourceKind.AUDIT_FINDING, source_ref=f"数据分析 运行{lead.run_id} 疑点{lead.pk}",
        content=content, problem_category="数据分析疑点", rectification_class=rectification_class or None)


def _decide(lead: Lead, actor, state: str, reason: str, extra=()) -> None:
    lead.state, lead.reason, lead.decided_by, lead.decided_at = state, reason, actor, clock.now()
    lead.save(update_fields=["state", "reason", "decided_by", "decided_at", *extra])


def _rows_text(row_nos: list[int]) -> str:
    shown = "、".join(str(r) for r in row_nos[:20])
    return shown + (f"等{len(row_nos)}" if len(row_nos) > 20 else "")
