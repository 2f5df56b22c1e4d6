"""Reading what a person typed, the same way at every entry point."""
import datetime as dt

from duban.core.errors import DomainError


def parse_date(value: str | None, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DomainError(f"「{field}」应为 YYYY-MM-DD 格式的日期，收到「{value}」") from None
