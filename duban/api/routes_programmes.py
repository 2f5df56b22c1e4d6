"""/api/programmes: the programmes whose tasks the caller sees, or that its units own."""
import datetime as dt

from django.db.models import Q
from ninja import Router, Schema

from duban.api.schemas import Error, InvalidInput
from duban.core.errors import NotFound
from duban.tasks.access import memberships_of, tasks_visible_to
from duban.tasks.models import Programme

router = Router(tags=["programmes"])
ERRORS = {400: Error, 401: Error, 404: Error, 422: InvalidInput}


class ProgrammeOut(Schema):
    id: int
    name: str
    kind: str
    year: int
    owner_unit: str
    warning_workdays: int
    report_cycle_workdays: int
    leader_review: bool
    recheck_after_days: int
    tasks: int


def programmes_visible_to(user):
    owned = [m.unit.path for m in memberships_of(user)]
    q = Q(pk__in=tasks_visible_to(user).values("programme_id"))
    for path in owned:
        q |= Q(owner_unit__path__startswith=path)
    return Programme.objects.filter(q).select_related("owner_unit").order_by("-year", "name")


def _out(programme) -> dict:
    return {**{f: getattr(programme, f) for f in ("id", "name", "kind", "year", "warning_workdays",
                                                  "report_cycle_workdays", "leader_review", "recheck_after_days")},
            "owner_unit": programme.owner_unit.name, "tasks": programme.tasks.count()}


@router.get("/programmes", response={200: list[ProgrammeOut], **ERRORS})
def list_programmes(request, year: int | None = None):
    programmes = programmes_visible_to(request.auth)
    if year is not None:
        programmes = programmes.filter(year=max(1900, min(year, dt.date.max.year)))
    return [_out(p) for p in programmes]


@router.get("/programmes/{programme_id}", response={200: ProgrammeOut, **ERRORS})
def get_programme(request, programme_id: int):
    programme = programmes_visible_to(request.auth).filter(pk=programme_id).first()
    if programme is None:
        raise NotFound(f"督办项目 {programme_id} 不存在")
    return _out(programme)
