"""The roster out, in the layout the import reads: a sheet of units, a sheet of people (one row
per role). Every text goes through the ledger's `neutralise`, so no name runs as a formula."""
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from duban.ledger.writer import neutralise
from duban.org.models import Membership, Role, Unit, User
from duban.orgchart.layout import PEOPLE_SHEET, PERSON_COLUMNS, UNIT_COLUMNS, UNITS_SHEET
from duban.orgchart.plan import Reach

_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


def orgchart_export(*, actor: User | None, target) -> dict[str, int]:
    """Writes the units and people the actor administers (everything for the installer)."""
    reach = Reach(actor)
    units = [u for u in Unit.objects.select_related("parent") if reach.covers(u)]
    ids = {u.pk for u in units}
    roles = dict(Role.choices)
    memberships = (Membership.objects.filter(unit_id__in=ids).select_related("user", "unit", "user__contact")
                   .filter(user__is_active=True).order_by("unit__path", "user__username"))
    book = Workbook(write_only=True)
    _sheet(book, UNITS_SHEET, UNIT_COLUMNS, (
        [u.name, u.short_name, u.get_kind_display(), u.parent.name if u.parent else ""] for u in units))
    _sheet(book, PEOPLE_SHEET, PERSON_COLUMNS, (
        [m.user.display_name, m.user.username, m.unit.name, roles.get(m.role, m.role), m.user.title,
         m.user.email, _phone(m.user)] for m in memberships))
    book.save(target)
    return {"units": len(units), "people": len({m.user_id for m in memberships})}


def _phone(user: User) -> str:
    contact = getattr(user, "contact", None)
    return contact.phone if contact else ""


def _sheet(book, title: str, columns, rows) -> None:
    sheet = book.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
