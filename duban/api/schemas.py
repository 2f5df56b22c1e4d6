import datetime as dt

from ninja import Field, Schema
from pydantic import BaseModel

from duban.api.errors import In


class Error(Schema):
    detail: str


class InvalidInput(Schema):
    """A request that does not match its schema (HTTP 422): a sentence, and each error's place."""

    detail: str
    errors: list[dict] = []


# The task list's rows are plain dicts, checked by plain pydantic models: ninja's Schema reads every
# field through a getter that also understands Django objects, 1.8 ms of a 50-row page. A schema fed
# model instances (milestones, history) stays a Schema.
class LightOut(BaseModel):
    color: str
    label: str
    reason: str
    note: str = ""


class TaskOut(BaseModel):
    id: int
    code: str | None
    title: str
    state: str
    state_label: str
    programme: str
    lead_unit: str
    co_units: list[str]
    deadline: dt.date | None
    percent: int
    light: LightOut


class MilestoneOut(Schema):
    name: str
    due_on: dt.date
    done_on: dt.date | None


class EventOut(Schema):
    seq: int
    at: dt.datetime
    actor: str
    action: str
    payload: dict


class TaskDetailOut(TaskOut):
    content: str
    source_kind: str
    source_ref: str
    milestones: list[MilestoneOut]
    history: list[EventOut]


class MilestoneIn(In):
    name: str
    due_on: dt.date | None = None
    workdays_before: int | None = None


class TargetIn(In):
    metric: str
    target: str
    unit_of_measure: str = ""


class TaskIn(In):
    title: str
    programme: str
    lead_unit: str
    deadline: dt.date | None = None
    content: str = ""
    source_kind: str = "plan"
    source_ref: str = ""
    co_units: list[str] = []
    responsible_leader: str | None = None
    milestones: list[MilestoneIn] = []
    targets: list[TargetIn] = []
    parent: int | None = None


class ReportIn(In):
    text: str
    percent: int = Field(..., ge=0, le=100)
    target_actuals: dict[str, str] = {}
    milestones_done: list[str] = []


class TextIn(In):
    text: str = ""


class ReasonIn(In):
    reason: str


class DecisionIn(In):
    approve: bool
    reason: str = ""


class ExtensionIn(In):
    new_deadline: dt.date
    reason: str


class RecheckIn(In):
    consolidated: bool
    comment: str = ""
    new_deadline: dt.date | None = None
