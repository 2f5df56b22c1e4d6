"""The REST API: resolve and authorise, call one service, return the schema. Nothing else."""
import threading

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Status
from ninja.errors import ValidationError
from ninja.security import HttpBearer, django_auth
from pydantic import TypeAdapter

from duban.api import schemas as s
from duban.api.docs import LocalSwagger
from duban.api.errors import In, chinese_errors
from duban.api.models import ApiToken
from duban.core.errors import DomainError, NotFound
from duban.tasks import services as svc
from duban.tasks.access import access_task
from duban.tasks.lights import task_light
from duban.tasks.selectors import task_history, task_summaries, task_summary
from duban.tasks.transitions import TRANSITIONS, Transition


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = ApiToken.user_for(token)
        if user is not None:
            request.user = user
        return user


class CachedSchemaAPI(NinjaAPI):
    """The OpenAPI document depends only on the routes, fixed once the module is imported; building
    it costs tens of milliseconds of CPU, so each process builds it once per URL prefix."""

    _lock = threading.Lock()  # the first concurrent requests wait for one build instead of each building

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        cache = self.__dict__.setdefault("_schemas", {})
        if path_prefix not in cache:
            with self._lock:
                if path_prefix not in cache:
                    cache[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return cache[path_prefix]


api = CachedSchemaAPI(title="督办 duban API", version="1", auth=[TokenAuth(), django_auth], urls_namespace="api",
                      docs=LocalSwagger())
ERRORS = {400: s.Error, 401: s.Error, 404: s.Error, 422: s.InvalidInput}


@api.exception_handler(NotFound)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": chinese_errors(exc.errors)}, status=422)


@api.exception_handler(DomainError)
def refused(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


def _out(task, light=None) -> dict:
    return {**task_summary(task), "light": (light or task_light(task)).as_dict()}


class TaskFilter(In):
    """The filters of duban.tasks.filters, as the list page, exports and the command line take them."""

    programme: str | None = Field(None, description="督办项目：ID或名称")
    unit: str | None = Field(None, description="牵头或配合单位：ID或名称")
    lead: str | None = Field(None, description="牵头单位：ID或名称")
    source: str | None = None
    state: str | None = Field(None, description="状态，或 open（在办）、done（已销号）")
    light: str | None = Field(None, description="red、yellow、green")
    due: str | None = Field(None, description="overdue、week、month、none、late")
    q: str | None = Field(None, description="编号、名称或内容中的文字")
    offset: int = Field(0, ge=0, le=10**9)
    limit: int = Field(200, ge=1, le=1000)


@api.get("/tasks", response={200: list[s.TaskOut], **ERRORS}, tags=["tasks"])
def list_tasks(request: HttpRequest, filters: Query[TaskFilter]):
    """Visible tasks, trouble first (red, yellow, green), a page of `limit` from `offset`."""
    wanted = filters.dict()
    offset, limit = wanted.pop("offset"), wanted.pop("limit")
    return json_list(TASK_LIST, task_summaries(request.auth, offset=offset, limit=limit, **wanted))


TASK_LIST = TypeAdapter(list[s.TaskOut])


def json_list(adapter: TypeAdapter, rows: list[dict]) -> HttpResponse:
    """The rows checked against the declared schema and written as JSON by pydantic in one pass. A
    page of many rows spends a third of the time ninja's own answer takes (its check, its dump to
    Python values, then the json module): for lists whose fields are text, numbers and dates,
    which both write alike."""
    return HttpResponse(adapter.dump_json(adapter.validate_python(rows)), content_type="application/json; charset=utf-8")


@api.get("/tasks/{task_id}", response={200: s.TaskDetailOut, **ERRORS}, tags=["tasks"])
def get_task(request, task_id: int):
    task, _ = access_task(request.auth, task_id)
    data = _out(task)
    data.update(content=task.content, source_kind=task.source_kind, source_ref=task.source_ref,
                milestones=list(task.milestones.all()), history=task_history(task))
    return data


@api.post("/tasks", response={201: s.TaskOut, **ERRORS}, tags=["tasks"])
@transaction.atomic  # the answer is part of the write: a task whose answer would fail is not kept
def create_task(request, payload: s.TaskIn):
    task = svc.task_create(actor=request.auth, **payload.dict())
    return Status(201, _out(task))


R = {200: s.TaskOut, **ERRORS}


def _loop_route(step: Transition) -> None:
    """POST /tasks/{id}/<route> for one row of the transitions table: the body (if any) becomes the
    service's arguments; the service finds and authorises the task itself (404 when out of reach)."""
    service = getattr(svc, step.service)
    renames = dict(step.api_args)

    @transaction.atomic  # as create_task: nothing is kept when its answer cannot be given
    def act(request, task_id: int, payload=None):
        kwargs = {renames.get(k, k): v for k, v in (payload.dict() if payload else {}).items()}
        task = service(actor=request.auth, task_id=task_id, **kwargs)
        task.refresh_from_db()
        return _out(task)

    if step.api_input:
        schema = getattr(s, step.api_input)

        def view(request, task_id: int, payload: schema):
            return act(request, task_id, payload)
    else:
        def view(request, task_id: int):
            return act(request, task_id)

    view.__name__ = step.route.replace("-", "_").replace("/", "_")
    view.__doc__ = step.label_en
    api.post(f"/tasks/{{task_id}}/{step.route}", response=R, tags=["loop"])(view)


for _step in TRANSITIONS:
    _loop_route(_step)


# Units, users, programmes, reports, events, figures and bilingual errors live in their own modules.
from duban.api.routers import register  # noqa: E402

register(api)
