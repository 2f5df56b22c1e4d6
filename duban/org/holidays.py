"""The admin's holiday table: next year's schedule goes in the day the State Council publishes it.

The calendar itself is core's (working days); who may edit it is the directory's (an admin), so the
editing services live here, above both."""
import datetime as dt

from django.db import transaction

from duban.core import bounds
from duban.core.errors import DomainError
from duban.core.eventlog import append_event
from duban.core.models import CalendarYear, Holiday
from duban.core.workdays import overrides_changed


def _require_admin(actor) -> None:
    from duban.org.services import require_global_admin

    # The calendar is the whole installation's: a street's administrator does not keep it.
    require_global_admin(actor, "只有管理员可以维护节假日安排（须为最上级单位的管理员）")


@transaction.atomic
def holiday_set(*, actor, date: dt.date, is_workday: bool, name: str = "") -> Holiday:
    _require_admin(actor)
    bounds.check_date(date, "日期")
    holiday, _ = Holiday.objects.update_or_create(date=date, defaults={"is_workday": is_workday, "name": name})
    append_event(actor=actor.username if actor else "system", action="calendar.day_set",
                 payload={"date": date, "is_workday": is_workday, "name": name})
    transaction.on_commit(overrides_changed)
    return holiday


@transaction.atomic
def holiday_remove(*, actor, date: dt.date) -> None:
    _require_admin(actor)
    deleted, _ = Holiday.objects.filter(date=date).delete()
    if not deleted:
        raise DomainError(f"节假日表中没有 {date}")
    append_event(actor=actor.username if actor else "system", action="calendar.day_removed", payload={"date": date})
    transaction.on_commit(overrides_changed)


@transaction.atomic
def holiday_year_mark(*, actor, year: int, complete: bool = True) -> CalendarYear:
    """Say that a year's schedule is entered in full (or not): only then does it count as known."""
    from duban.core import clock

    _require_admin(actor)
    if not 2000 <= int(year) <= 2100:
        raise DomainError(f"年份 {year} 不在 2000 到 2100 之间")
    who = actor.username if actor else "system"
    mark, _ = CalendarYear.objects.update_or_create(year=year, defaults={
        "complete": complete, "marked_by": who, "marked_at": clock.now()})
    append_event(actor=who, action="calendar.year_marked", payload={"year": year, "complete": complete})
    transaction.on_commit(overrides_changed)
    return mark
