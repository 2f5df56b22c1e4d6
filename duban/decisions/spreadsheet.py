"""The decisions catalogue as a spreadsheet in its published columns, through the ledger's writer
(formula injection stopped there once)."""
from pathlib import Path

from duban.core import clock
from duban.decisions.selectors import HEADERS, published_row
from duban.decisions.services import catalogue_of
from duban.ledger.columns import Column
from duban.ledger.writer import LedgerWriter

WIDTHS = (6, 40, 20, 30, 40, 10, 14)


def catalogue_xlsx(*, year: int, out) -> Path:
    catalogue = catalogue_of(year)
    writer = LedgerWriter(tuple(Column(h, width=w) for h, w in zip(HEADERS, WIDTHS, strict=True)),
                          title=catalogue.title,
                          subtitle=catalogue.approved_by or f"编制中 · 导出于{clock.today().isoformat()}")
    for decision in catalogue.decisions.filter(withdrawn=False).select_related("unit").prefetch_related("steps"):
        writer.write(published_row(decision))
    writer.save(out)
    return Path(out)
