"""Who may use analytics: auditors and supervisors whose jurisdiction holds the audit programme.

A source belongs to an audit programme; its runs and leads are reached through it. Anything out
of reach is reported exactly like a missing thing.
"""
from django.db.models import QuerySet

from duban.analytics.models import Lead, Run, Source
from duban.core.errors import NotFound
from duban.tasks.access import SystemViewer, supervised_q
from duban.tasks.models import Programme, ProgrammeKind


def programmes_for_analytics(user) -> QuerySet[Programme]:
    audit = Programme.objects.filter(kind=ProgrammeKind.AUDIT)
    if isinstance(user, SystemViewer):
        return audit
    if not user.is_authenticated:
        return audit.none()
    # Whoever supervises the audit programme (its kind's roles over its owner unit), as for its tasks.
    return audit.filter(supervised_q(user, "owner_unit__path", "kind"))


def may_use_analytics(user) -> bool:
    return isinstance(user, SystemViewer) or programmes_for_analytics(user).exists()


def sources_visible_to(user) -> QuerySet[Source]:
    return Source.objects.filter(programme__in=programmes_for_analytics(user)).select_related("programme")


def access_source(user, name_or_id) -> Source:
    sources = sources_visible_to(user)
    text = str(name_or_id)
    source = sources.filter(name=text).first()
    if source is None and text.isdigit():
        source = sources.filter(pk=int(text)).first()
    if source is None:
        raise NotFound(f"数据源「{text[:100]}」不存在")
    return source


def access_run(user, run_id) -> Run:
    run = None
    if str(run_id).isdigit():
        run = Run.objects.filter(pk=int(run_id), source__in=sources_visible_to(user)).select_related("source").first()
    if run is None:
        raise NotFound(f"分析运行 {str(run_id)[:20]} 不存在")
    return run


def access_lead(user, lead_id) -> Lead:
    lead = None
    if str(lead_id).isdigit():
        lead = (Lead.objects.filter(pk=int(lead_id), run__source__in=sources_visible_to(user))
                .select_related("run__source__programme").first())
    if lead is None:
        raise NotFound(f"疑点 {str(lead_id)[:20]} 不存在")
    return lead
