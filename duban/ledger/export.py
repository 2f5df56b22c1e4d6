"""Export: the tasks a user sees, as the ledger offices keep (督办台账, or 整改台账 for audit and
inspection programmes), rows yielded to the one writer."""
from collections.abc import Callable

from django.utils.translation import gettext

from duban.core import clock
from duban.core.errors import DomainError
from duban.ledger.columns import LAYOUT_NAMES, RECTIFICATION, SUPERVISION
from duban.ledger.selectors import ledger_rows, ledger_tasks
from duban.ledger.values import export_value
from duban.ledger.writer import LedgerWriter
from duban.org.models import User
from duban.tasks.access import memberships_of
from duban.tasks.kinds import kind_for
from duban.tasks.models import Programme
from duban.tasks.services.programmes import programme_by_name

LIGHTS = ("red", "yellow", "green")


def layout_for(programme: Programme | None) -> tuple:
    layouts = {"rectification": RECTIFICATION, "supervision": SUPERVISION}
    return layouts[kind_for(programme).ledger_columns] if programme else SUPERVISION


def ledger_export(*, actor: User, target, programme: str | None = None, unit: str | None = None,
                  light: str | None = None, state: str | None = None,
                  progress: Callable[[int], None] | None = None) -> int:
    """Writes the ledger to `target` (a path or a binary stream); returns the number of rows."""
    if light and light not in LIGHTS:
        raise DomainError(gettext("灯色「%(value)s」无效，可选：red、yellow、green") % {"value": light})
    prog = programme_by_name(programme) if programme else None
    pairs = ledger_tasks(actor, programme=programme, unit=unit, state=state, light=light)
    return write_ledger(actor=actor, target=target, pairs=pairs, programme=prog, unit=unit, progress=progress)


def write_ledger(*, actor: User, target, pairs: list, programme: Programme | None = None,
                 unit: str | None = None, progress: Callable[[int], None] | None = None) -> int:
    """Writes (task, light) pairs chosen by the caller (a command's or a page's filters)."""
    prog, columns, today = programme, layout_for(programme), clock.today()
    writer = LedgerWriter(columns, title=f"{prog.name if prog else ''}{LAYOUT_NAMES[columns]}",
                          subtitle=f"单位：{unit or _home_unit(actor) or '全部单位'}　导出日期：{today.year}年{today.month}月{today.day}日"
                                   f"　导出人：{actor.display_name or actor.username}")
    for task, task_light, record in ledger_rows(pairs):
        writer.write([export_value(col, task, task_light, record) for col in columns], light_color=task_light.color)
        if progress:
            progress(1)
    writer.save(target)
    return len(pairs)


def _home_unit(actor: User) -> str:
    units = sorted({m.unit.name for m in memberships_of(actor)})
    return "、".join(units)
