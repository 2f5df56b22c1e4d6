"""Reading one cell as the role it plays: amounts and dates in the forms finance exports use.

Each reader returns the value or raises ValueError with the reason in Chinese; the loader adds
the row and column.
"""
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

# Amounts past a trillion yuan are typing errors in any ledger a district keeps.
MAX_AMOUNT = Decimal("1e12")
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
EXCEL_EPOCH = dt.date(1899, 12, 30)

_AMOUNT_NOISE = re.compile(r"[\s,，¥￥元]")
_DATE_FORMS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def read_amount(value) -> Decimal:
    """Yuan to the cent: 1,234.50 / ¥1234.5 / (12.00) for a negative / 1.2E3."""
    if isinstance(value, bool):
        raise ValueError("不是金额")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = _AMOUNT_NOISE.sub("", str(value or ""))
        negative = text.startswith(("(", "（")) and text.endswith((")", "）"))
        text = text.strip("()（）")
        if not text:
            raise ValueError("金额为空")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"「{str(value)[:40]}」不是金额") from None
        number = -number if negative else number
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        raise ValueError(f"金额「{str(value)[:40]}」超出范围")
    return number.quantize(Decimal("0.01"))


def read_date(value) -> dt.date:
    """2026-03-05 / 2026/3/5 / 2026.3.5 / 2026年3月5日 / 20260305 / an Excel date or serial number."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 80000:
            raise ValueError(f"「{value}」不是日期")
        day = EXCEL_EPOCH + dt.timedelta(days=int(value))
    else:
        day = _date_from_text(str(value or "").strip())
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"日期 {day} 超出 {EARLIEST.year}–{LATEST.year} 年")
    return day


def _date_from_text(text: str) -> dt.date:
    if not text:
        raise ValueError("日期为空")
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()[:3]))
            except ValueError:
                break
    raise ValueError(f"「{text[:40]}」不是日期（可写作 2026-03-05、2026/3/5、2026年3月5日 或 20260305）")


def read_integer(value) -> int:
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not re.fullmatch(r"-?\d{1,12}", text):
        raise ValueError(f"「{text[:40]}」不是整数")
    return int(text)


def read_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:500]


READERS = {"amount": read_amount, "date": read_date, "integer": read_integer, "text": read_text}
