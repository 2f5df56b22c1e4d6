"""A report's text and its reading, without the database: what `duban intake extract` needs.

Kept free of Django so that reading one report from the command line does not pay for setting up
the whole application; proposals add the installation's unit directory on top of this.
"""
import datetime as dt
from pathlib import Path

import textintake
from duban.core import zipguard
from duban.core.errors import DomainError


def read_report(path) -> str:
    """The text of a report file; the reader's refusals become the domain's."""
    if Path(path).suffix.lower() == ".docx":
        zipguard.check_zip(Path(path), Path(path).name, max_unpacked=zipguard.MAX_DOCUMENT_UNPACKED_BYTES)
    try:
        return textintake.read_file(Path(path))
    except textintake.IntakeError as exc:
        raise DomainError(str(exc)) from None


def extract(text: str, *, date: dt.date | None = None, known_units=()) -> dict:
    """SPEC's JSON for the text, known_units taught to the reader; refused when it holds no report."""
    if not text or not text.strip():
        raise DomainError("没有可读的文字：请粘贴报道全文或上传文件")
    result = textintake.extract(text, date=date, known_units=known_units)
    # The reader takes any prose for a headless article; a report has an event or a directive.
    if not any(a["event"] or a["directives"] for a in result["articles"]):
        raise DomainError("文字中没有找到报道：需要有标题，以及“本报讯”或日期开头的导语")
    return result
