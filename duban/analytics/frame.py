"""The columns every source table has, typed; and those derived in Python once at load, so the
rules stay plain SQL that DuckDB and Spark both run (no dialect-specific date or regex functions).
"""
import datetime as dt
import re

import numpy as np
import pyarrow as pa

from duban.analytics.checks import credit_code_problem, id_number_problem
from duban.analytics.roles import ROLES

EPOCH = dt.date(1970, 1, 1)
ARROW_TYPES = {"amount": pa.float64(), "date": pa.date32(), "integer": pa.int64(), "text": pa.string()}
DERIVED = {
    "row_no": pa.int64(),          # the line of the file, so a lead points back to it
    "cents": pa.int64(),           # amount in fen: exact equality and round-number tests
    "day_no": pa.int32(),          # days since 1970-01-01: date windows as integer arithmetic
    "death_day_no": pa.int32(),
    "period": pa.string(),         # year-month of the date, as vouchers are numbered
    "first1": pa.int32(),          # leading significant digit of |amount| ≥ 1 (Benford)
    "first2": pa.int32(),          # leading two significant digits of |amount| ≥ 10
    "invoice_norm": pa.string(),   # invoice number without separators and leading zeros
    "id_problem": pa.string(),
    "credit_problem": pa.string(),
    "address_digits": pa.string(),
    "phone_digits": pa.string(),
    "account_digits": pa.string(),
}


def schema() -> pa.Schema:
    fields = [pa.field(r.name, ARROW_TYPES[r.kind]) for r in ROLES]
    return pa.schema(fields + [pa.field(name, kind) for name, kind in DERIVED.items()])


def _digits(text: str | None) -> str | None:
    found = re.sub(r"\D", "", text or "")
    return found or None


def _day_no(day: dt.date | None) -> int | None:
    return (day - EPOCH).days if day else None


def leading_digits(cents: np.ndarray, width: int, minimum_cents: int) -> np.ndarray:
    """The first `width` significant digits of each amount (given in fen), -1 below the minimum."""
    values = np.abs(cents.astype(np.int64))
    out = np.full(values.shape, -1, dtype=np.int64)
    usable = values >= minimum_cents
    v = values[usable]
    exponent = np.floor(np.log10(v.astype(np.float64))).astype(np.int64) - (width - 1)
    lead = v // np.power(10, np.maximum(exponent, 0))
    # Float log10 can land one off at exact powers of ten; integer arithmetic settles it.
    lead = np.where(lead >= 10 ** width, lead // 10, lead)
    lead = np.where(lead < 10 ** (width - 1), v // np.power(10, np.maximum(exponent - 1, 0)), lead)
    out[usable] = lead
    return out


def derive(columns: dict[str, list]) -> dict[str, list]:
    """Derived columns from the typed role columns (each a list of one value per row)."""
    n = len(columns["row_no"])
    amounts = columns.get("amount") or [None] * n
    cents = [None if a is None else int(round(a * 100)) for a in amounts]
    cents_arr = np.array([c if c is not None else 0 for c in cents], dtype=np.int64)
    first1, first2 = leading_digits(cents_arr, 1, 100), leading_digits(cents_arr, 2, 1000)
    dates = columns.get("date") or [None] * n
    return {
        "cents": cents,
        "day_no": [_day_no(d) for d in dates],
        "death_day_no": [_day_no(d) for d in columns.get("death_date") or [None] * n],
        "period": [d.strftime("%Y-%m") if d else None for d in dates],
        "first1": [int(f) if f >= 0 and c is not None else None for f, c in zip(first1, cents, strict=True)],
        "first2": [int(f) if f >= 0 and c is not None else None for f, c in zip(first2, cents, strict=True)],
        "invoice_norm": [(_alnum(v).lstrip("0") or None) if v else None for v in columns.get("invoice_no") or [None] * n],
        "id_problem": [id_number_problem(v) or None if v else None for v in columns.get("id_number") or [None] * n],
        "credit_problem": [credit_code_problem(v) or None if v else None
                           for v in columns.get("credit_code") or [None] * n],
        "address_digits": [_digits(v) for v in columns.get("address") or [None] * n],
        "phone_digits": [_digits(v) for v in columns.get("phone") or [None] * n],
        "account_digits": [_digits(v) for v in columns.get("bank_account") or [None] * n],
    }


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def to_arrow(columns: dict[str, list]) -> pa.Table:
    full = {**columns, **derive(columns)}
    n = len(columns["row_no"])
    target = schema()
    arrays = [pa.array(full.get(f.name) or [None] * n, f.type) for f in target]
    return pa.Table.from_arrays(arrays, schema=target)
