"""/api/programmes: the programmes whose tasks the caller sees, or that its units own."""
import datetime as dt

from django.db.models import Count
from ninja import Router, Schema

from duban.api.schemas import Error, InvalidInput
from duban.core.errors import NotFound
from duban.tasks.access import programmes_visible_to, tasks_visible_to

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


def _visible(user):
    return programmes_visible_to(user).select_related("owner_unit").order_by("-year", "name")


def _out(user, programmes) -> list[dict]:
    """Each programme with the number of its tasks the caller sees (not the whole district's), counted
    in one query."""
    seen = dict(tasks_visible_to(user).filter(programme__in=[p.pk for p in programmes])
                .values_list("programme_id").annotate(n=Count("pk")).order_by())
    return [{**{f: getattr(p, f) for f in ("id", "name", "kind", "year", "warning_workdays",
                                           "report_cycle_workdays", "leader_review", "recheck_after_days")},
             "owner_unit": p.owner_unit.name, "tasks": seen.get(p.pk, 0)} for p in programmes]


@router.get("/programmes", response={200: list[ProgrammeOut], **ERRORS})
def list_programmes(request, year: int | None = None):
    programmes = _visible(request.auth)
    if year is not None:
        programmes = programmes.filter(year=max(1900, min(year, dt.date.max.year)))
    return _out(request.auth, list(programmes))


@router.get("/programmes/{programme_id}", response={200: ProgrammeOut, **ERRORS})
def get_programme(request, programme_id: int):
    programme = _visible(request.auth).filter(pk=programme_id).first() if programme_id < 2**53 else None
    if programme is None:
        raise NotFound(f"督办项目 {programme_id} 不存在")
    return _out(request.auth, [programme])[0]
