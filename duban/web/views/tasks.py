"""督办事项: the filtered list, the task page, and evidence downloads through the access check."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render

from duban.core import clock
from duban.core.errors import NotFound
from duban.tasks import filters
from duban.tasks.access import access_task, lead_units_of, programmes_of, tasks_visible_to
from duban.tasks.lights import task_light
from duban.tasks.models import Evidence, SourceKind
from duban.tasks.rollup import rollups_of
from duban.tasks.selectors import tasks_by_pk, urge_counts
from duban.tasks.services.evidence import evidence_path
from duban.web import lists
from duban.web.taskform import may_create
from duban.web.taskpage import task_page_context

PAGE_SIZE = 50


@login_required
def task_list(request):
    today = clock.today()
    f = lists.parse_filters(request.GET)
    visible = tasks_visible_to(request.user)
    # The database filters, counts and orders by light; only the page's 50 tasks are loaded and lit.
    found = filters.ByLight(filters.apply_filters(visible, f, today), f, today)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    tasks, urges = tasks_by_pk(shown), urge_counts(shown)
    for pk, rollup in rollups_of(shown, today=today).items():
        tasks[pk].rollup = rollup
    rows = [(tasks[pk], task_light(tasks[pk], today=today, milestones=list(tasks[pk].milestones.all())),
             urges.get(pk, 0)) for pk in shown if pk in tasks]
    context = {"rows": rows, "page": page, "filters": f, "chips": lists.chips(f, request.user), "total": page.paginator.count,
               "query": request.GET.urlencode(), "paging_query": _without_page(request.GET)}
    if request.htmx:
        return render(request, "web/_task_results.html", context)
    context.update(_choices(visible), may_create=may_create(request.user))
    return render(request, "web/task_list.html", context)


def _without_page(params) -> str:
    q = params.copy()
    q.pop("page", None)
    return q.urlencode()


def _choices(visible) -> dict:
    return {
        "programmes": programmes_of(visible).order_by("name"),
        "units": lead_units_of(visible).order_by("path"),
        "sources": SourceKind.choices, "states": lists.state_choices(),
        "light_choices": list(lists.LIGHT_WORDS.items())[:3], "dues": lists.due_windows().items(),
    }


@login_required
def task_detail(request, task_id: int, *, error=None, status=200):
    try:
        task, caps = access_task(request.user, task_id)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    return render(request, "web/task_detail.html", task_page_context(request.user, task, caps, error=error),
                  status=status)


@login_required
def evidence_download(request, task_id: int, evidence_id: int):
    try:
        task, _caps = access_task(request.user, task_id)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    evidence = Evidence.objects.filter(task=task, pk=evidence_id).first()
    path = evidence_path(evidence) if evidence else None
    if path is None or not path.is_file():
        raise Http404("佐证材料不存在")
    return FileResponse(path.open("rb"), as_attachment=True, filename=evidence.name,
                        content_type=evidence.content_type or "application/octet-stream")
