"""/api/tasks beyond the loop: search with the web's filters and cursor paging, the plan with its
version and a locked update, events, progress reports with evidence in and out."""
import datetime as dt

from django.http import FileResponse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from duban.api.schemas import Error, EventOut, InvalidInput, TaskOut
from duban.core import clock
from duban.core.errors import NotFound
from duban.tasks import filters as task_filters
from duban.tasks.access import access_task, tasks_visible_to
from duban.tasks.light_sql import filter_by
from duban.tasks.lights import light_q, task_light
from duban.tasks.models import Evidence
from duban.tasks.selectors import lights_for, task_history, task_summary, tasks_with_relations
from duban.tasks.services import task_report
from duban.tasks.services.evidence import evidence_path
from duban.tasks.services.updates import task_values
from duban.tasks.services.versions import task_update_versioned, task_version

router = Router(tags=["tasks"])
ERRORS = {400: Error, 401: Error, 404: Error, 422: InvalidInput}


class SearchFilter(Schema):
    """The web list's filters (ids for programme and units), then a cursor: the last id of the page before."""

    programme: int | None = None
    unit: int | None = None
    lead: int | None = None
    source: str | None = Field(None, max_length=30)
    state: str | None = Field(None, max_length=30)
    light: str | None = Field(None, pattern="^(red|yellow|green|none)$")
    due: str | None = Field(None, pattern="^(overdue|week|month|none|late)$")
    q: str | None = Field(None, max_length=100)
    after: int = Field(0, ge=0)
    limit: int = Field(100, ge=1, le=500)


class TaskPage(Schema):
    items: list[TaskOut]
    next: int | None


class PlanOut(Schema):
    version: int
    title: str
    content: str
    source_ref: str
    responsible_person: str
    deadline: dt.date | None
    co_units: list[str]


class PlanIn(Schema):
    version: int = Field(..., ge=0)
    title: str | None = Field(None, min_length=1, max_length=300)
    content: str | None = Field(None, max_length=20000)
    source_ref: str | None = Field(None, max_length=300)
    responsible_person: str | None = Field(None, max_length=60)
    deadline: dt.date | None = Field(None, ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))
    co_units: list[str] | None = Field(None, max_length=50)


class ReportOut(Schema):
    id: int
    reported_on: dt.date
    author: str
    unit: str
    text: str
    percent: int
    evidence: list[dict]


def _task_out(task, light=None) -> dict:
    return {**task_summary(task), "light": (light or task_light(task)).as_dict()}


@router.get("/search/tasks", response={200: TaskPage, **ERRORS})
def search_tasks(request, filters: Query[SearchFilter]):
    """Visible tasks by id, `limit` at a time after `after`; `next` is the cursor for the page after."""
    f = {k: str(v) for k, v in filters.dict().items() if v not in (None, "") and k not in ("after", "limit")}
    today = clock.today()
    qs = task_filters.apply_filters(tasks_visible_to(request.auth), f, today)
    if f.get("light"):  # the light is a database condition too, so the page is one LIMIT
        qs = filter_by(qs, light_q(today)[f["light"]])
    found = list(tasks_with_relations(qs.filter(pk__gt=filters.after).order_by("pk"))[: filters.limit + 1])
    page = found[: filters.limit]
    more = len(found) > filters.limit
    lights = lights_for(page, today=today)
    return {"items": [_task_out(t, lights[t.pk]) for t in page], "next": page[-1].pk if more else None}


def _plan(task) -> dict:
    values = task_values(task)
    return {"version": task_version(task.pk), **{k: values[k] for k in (
        "title", "content", "source_ref", "responsible_person", "deadline", "co_units")}}


@router.get("/tasks/{task_id}/plan", response={200: PlanOut, **ERRORS})
def get_plan(request, task_id: int):
    """The editable plan and its version, to send back with a change."""
    task, _ = access_task(request.auth, task_id)
    return _plan(task)


@router.patch("/tasks/{task_id}/plan", response={200: PlanOut, 409: Error, **ERRORS})
def update_plan(request, task_id: int, payload: PlanIn):
    """Changes the fields given; a `version` older than the task's answers 409 and writes nothing."""
    access_task(request.auth, task_id)
    values = payload.dict(exclude_unset=True)
    version = values.pop("version")
    task = task_update_versioned(actor=request.auth, task_id=task_id, version=version, **values)
    return _plan(task)


@router.get("/tasks/{task_id}/events", response={200: list[EventOut], **ERRORS})
def task_events(request, task_id: int):
    task, _ = access_task(request.auth, task_id)
    return task_history(task)


def _report_out(report) -> dict:
    return {"id": report.pk, "reported_on": report.reported_on, "author": report.author.username,
            "unit": report.unit.name, "text": report.text, "percent": report.percent,
            "evidence": [{"id": e.pk, "name": e.name, "size": e.size, "sha256": e.sha256} for e in report.evidence.all()]}


@router.get("/tasks/{task_id}/reports", response={200: list[ReportOut], **ERRORS})
def list_reports(request, task_id: int):
    task, _ = access_task(request.auth, task_id)
    reports = task.reports.select_related("author", "unit").prefetch_related("evidence").order_by("created_at")
    return [_report_out(r) for r in reports]


@router.post("/tasks/{task_id}/reports", response={201: ReportOut, **ERRORS})
def create_report(request, task_id: int, text: Form[str], percent: Form[int],
                  files: File[list[UploadedFile]] = None):
    """A progress report as multipart form data, evidence files in `files`."""
    access_task(request.auth, task_id, for_write=True)
    task_report(actor=request.auth, task_id=task_id, text=text, percent=percent, evidence=files or [])
    report = access_task(request.auth, task_id)[0].reports.filter(author=request.auth).order_by("-pk").first()
    return Status(201, _report_out(report))


@router.get("/tasks/{task_id}/evidence/{evidence_id}", response=ERRORS, openapi_extra={"responses": {"200": {
    "description": "The file as uploaded", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}})
def download_evidence(request, task_id: int, evidence_id: int):
    task, _ = access_task(request.auth, task_id)
    evidence = Evidence.objects.filter(task=task, pk=evidence_id).first()
    path = evidence_path(evidence) if evidence else None
    if path is None or not path.is_file():
        raise NotFound("佐证材料不存在")
    return FileResponse(path.open("rb"), as_attachment=True, filename=evidence.name,
                        content_type=evidence.content_type or "application/octet-stream")
