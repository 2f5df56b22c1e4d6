"""/api/battlemap (the battle map's figures), /api/ledger.xlsx (the ledger of visible tasks) and
/api/calendar (the caller's secret iCalendar feed URL): what a province pulls from a district."""
import io

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from duban.api.schemas import Error, InvalidInput
from duban.core import clock
from duban.ledger.export import write_ledger
from duban.supervision.calendar import calendar_token_for
from duban.tasks import filters as task_filters
from duban.tasks.access import tasks_visible_to
from duban.tasks.selectors import lights_for, tasks_with_relations
from duban.web.battlemap import battle_map_data

router = Router(tags=["figures"])
ERRORS = {400: Error, 401: Error, 404: Error, 422: InvalidInput}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TallyOut(Schema):
    name: str
    total: int
    red: int
    yellow: int
    green: int
    open: int
    done: int
    overdue: int
    ontime_rate: int | None
    progress: int


class BattleMapOut(Schema):
    today: str
    all: TallyOut
    programmes: list[TallyOut]
    units: list[TallyOut]


class CalendarOut(Schema):
    url: str


def _tally(t) -> dict:
    return {"name": t.name or "全部", "total": t.total, "red": t.lights["red"], "yellow": t.lights["yellow"],
            "green": t.lights["green"], "open": t.open_count, "done": t.done_count, "overdue": t.overdue,
            "ontime_rate": t.ontime_rate, "progress": t.progress}


@router.get("/battlemap", response={200: BattleMapOut, **ERRORS})
def battlemap(request):
    """The counts the battle map shows the caller: everything, per programme, per lead unit."""
    data = battle_map_data(request.auth)
    return {"today": data["today"].isoformat(), "all": _tally(data["all"]),
            "programmes": [_tally(t) for t in data["programmes"]], "units": [_tally(t) for t in data["units"]]}


class LedgerFilter(Schema):
    programme: int | None = None
    unit: int | None = None
    state: str | None = Field(None, max_length=30)
    light: str | None = Field(None, pattern="^(red|yellow|green|none)$")


@router.get("/ledger.xlsx", response=ERRORS, openapi_extra={"responses": {"200": {
    "description": "OK", "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}}})
def ledger(request, filters: Query[LedgerFilter]):
    """The ledger (.xlsx) of the visible tasks, with the task list's filters."""
    f = {k: str(v) for k, v in filters.dict().items() if v not in (None, "")}
    today = clock.today()
    tasks = list(tasks_with_relations(task_filters.apply_filters(tasks_visible_to(request.auth), f, today)))
    lights = lights_for(tasks, today=today)
    tasks = sorted(task_filters.light_filter(tasks, lights, f), key=lambda t: (t.code or "", t.pk))
    buffer = io.BytesIO()
    write_ledger(actor=request.auth, target=buffer, pairs=[(t, lights[t.pk]) for t in tasks], programme=None)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ledger-{today.isoformat()}.xlsx"'
    return response


@router.get("/calendar", response={200: CalendarOut, **ERRORS})
def calendar(request):
    """The caller's secret iCalendar feed URL (deadlines and milestones of its tasks)."""
    return {"url": request.build_absolute_uri(f"/supervision/calendar/{calendar_token_for(request.auth)}.ics")}
