"""The REST API: resolve and authorise, call one service, return the schema. Nothing else."""
from django.http import HttpRequest
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.security import HttpBearer, django_auth

from duban.api import schemas as s
from duban.api.models import ApiToken
from duban.core.errors import DomainError, NotFound
from duban.tasks import services as svc
from duban.tasks.access import access_task
from duban.tasks.lights import task_light
from duban.tasks.selectors import task_history, task_summary, tasks_of


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = ApiToken.user_for(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(title="督办 duban API", version="1", auth=[TokenAuth(), django_auth], urls_namespace="api")
ERRORS = {400: s.Error, 401: s.Error, 404: s.Error, 422: s.InvalidInput}


@api.exception_handler(NotFound)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=404)


@api.exception_handler(DomainError)
def refused(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


def _out(task, light=None) -> dict:
    return {**task_summary(task), "light": (light or task_light(task)).as_dict()}


class TaskFilter(Schema):
    programme: str | None = None
    unit: str | None = None
    state: str | None = None
    light: str | None = None
    offset: int = Field(0, ge=0)
    limit: int = Field(200, ge=1, le=1000)


@api.get("/tasks", response={200: list[s.TaskOut], **ERRORS}, tags=["tasks"])
def list_tasks(request: HttpRequest, filters: Query[TaskFilter]):
    """Visible tasks, trouble first (red, yellow, green), a page of `limit` from `offset`."""
    wanted = filters.dict()
    offset, limit = wanted.pop("offset"), wanted.pop("limit")
    pairs = tasks_of(request.auth, **wanted)[offset:offset + limit]
    return [_out(task, light) for task, light in pairs]


@api.get("/tasks/{task_id}", response={200: s.TaskDetailOut, **ERRORS}, tags=["tasks"])
def get_task(request, task_id: int):
    task, _ = access_task(request.auth, task_id)
    data = _out(task)
    data.update(content=task.content, source_kind=task.source_kind, source_ref=task.source_ref,
                milestones=list(task.milestones.all()), history=task_history(task))
    return data


@api.post("/tasks", response={201: s.TaskOut, **ERRORS}, tags=["tasks"])
def create_task(request, payload: s.TaskIn):
    task = svc.task_create(actor=request.auth, **payload.dict())
    return Status(201, _out(task))


def _act(request, task_id: int, call, **kwargs):
    access_task(request.auth, task_id, for_write=True)
    task = call(actor=request.auth, task_id=task_id, **kwargs)
    task.refresh_from_db()
    return _out(task)


R = {200: s.TaskOut, **ERRORS}


@api.post("/tasks/{task_id}/assign", response=R, tags=["loop"])
def assign(request, task_id: int):
    return _act(request, task_id, svc.task_assign)


@api.post("/tasks/{task_id}/review", response=R, tags=["loop"])
def review(request, task_id: int, payload: s.DecisionIn):
    return _act(request, task_id, svc.task_review, approve=payload.approve, reason=payload.reason)


@api.post("/tasks/{task_id}/sign", response=R, tags=["loop"])
def sign(request, task_id: int):
    return _act(request, task_id, svc.task_sign)


@api.post("/tasks/{task_id}/report", response=R, tags=["loop"])
def report(request, task_id: int, payload: s.ReportIn):
    return _act(request, task_id, svc.task_report, **payload.dict())


@api.post("/tasks/{task_id}/request-closure", response=R, tags=["loop"])
def request_closure(request, task_id: int, payload: s.TextIn):
    return _act(request, task_id, svc.task_request_closure, text=payload.text)


@api.post("/tasks/{task_id}/approve", response=R, tags=["loop"])
def approve(request, task_id: int, payload: s.TextIn):
    return _act(request, task_id, svc.closure_approve, comment=payload.text)


@api.post("/tasks/{task_id}/reject", response=R, tags=["loop"])
def reject(request, task_id: int, payload: s.ReasonIn):
    return _act(request, task_id, svc.closure_reject, reason=payload.reason)


@api.post("/tasks/{task_id}/extension", response=R, tags=["loop"])
def extension(request, task_id: int, payload: s.ExtensionIn):
    return _act(request, task_id, svc.extension_request, **payload.dict())


@api.post("/tasks/{task_id}/extension/decision", response=R, tags=["loop"])
def extension_decision(request, task_id: int, payload: s.DecisionIn):
    return _act(request, task_id, svc.extension_decide, approve=payload.approve, reason=payload.reason)


@api.post("/tasks/{task_id}/recheck", response=R, tags=["loop"])
def recheck(request, task_id: int, payload: s.RecheckIn):
    return _act(request, task_id, svc.task_recheck, **payload.dict())


@api.post("/tasks/{task_id}/cancel", response=R, tags=["loop"])
def cancel(request, task_id: int, payload: s.ReasonIn):
    return _act(request, task_id, svc.task_cancel, reason=payload.reason)


@api.post("/tasks/{task_id}/urge", response=R, tags=["loop"])
def urge(request, task_id: int, payload: s.TextIn):
    return _act(request, task_id, svc.task_urge, text=payload.text)


@api.post("/tasks/{task_id}/instruct", response=R, tags=["loop"])
def instruct(request, task_id: int, payload: s.TextIn):
    return _act(request, task_id, svc.task_instruct, text=payload.text)
