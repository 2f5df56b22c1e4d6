"""Column-wise generation of N transactions for bench_analytics.py (numpy and Arrow, no Python loop
per row), with a few exact duplicates, round amounts, invalid IDs and a voucher gap sprinkled in."""
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from duban.analytics import frame
from duban.analytics.checks import credit_check_char, id_check_char, org_check_char

DAY0 = 20089  # 2025-01-01 as days since 1970-01-01
PARAMS = {"benford_first": {"min_n": 100}, "benford_first_two": {"min_n": 100}, "ageing": {"as_of": "2025-12-31"}}


def _strings(prefix: str, numbers: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(pa.scalar(prefix), pc.cast(pa.array(numbers), pa.string()), "")


def _pools(rng, size: int):
    ids, codes = [], []
    for _ in range(size):
        body = f"3301141980{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}{rng.integers(1000):03d}"
        ids.append(body + id_check_char(body))
        org = f"{rng.integers(10 ** 8):08d}"
        head = f"91330114{org}{org_check_char(org)}"
        codes.append(head + credit_check_char(head))
    ids[0] = ids[0][:17] + ("0" if ids[0][17] != "0" else "1")  # one invalid ID in the pool
    return np.array(ids), np.array(codes)


def generate(n: int, seed: int = 11) -> pa.Table:
    rng = np.random.default_rng(seed)
    vendor = rng.integers(max(1, n // 10), size=n)
    day_no = np.sort(DAY0 + rng.integers(365, size=n)).astype(np.int32)
    cents = np.round(10 ** rng.uniform(3.5, 7.5, size=n)).astype(np.int64)
    cents[rng.integers(n, size=max(1, n // 10_000))] = 5_000_000  # a few round 50,000.00
    invoice = np.arange(10_000_000, 10_000_000 + n)
    dup = rng.integers(1, n, size=max(1, n // 20_000))  # exact duplicates of the row before
    vendor[dup], cents[dup], day_no[dup], invoice[dup] = vendor[dup - 1], cents[dup - 1], day_no[dup - 1], invoice[dup - 1]
    month = (day_no.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64))
    starts = np.searchsorted(month, month, side="left")
    voucher = np.arange(n) - starts + 1
    voucher[n // 2:] += (month[n // 2:] == month[n // 2])  # one gap in the middle month
    ids, codes = _pools(rng, 1000)
    person = rng.integers(max(1, n // 200), size=n)
    return _table(n, vendor, day_no, cents, invoice, voucher, person, ids, codes)


def _table(n, vendor, day_no, cents, invoice, voucher, person, ids, codes) -> pa.Table:
    id_index, code_index = person % len(ids), vendor % len(codes)
    from duban.analytics.checks import credit_code_problem, id_number_problem

    id_problems = np.array([id_number_problem(i) or None for i in ids], dtype=object)
    code_problems = np.array([credit_code_problem(c) or None for c in codes], dtype=object)
    invoice_text = pc.cast(pa.array(invoice), pa.string())
    dates = pa.array(day_no, pa.int32()).cast(pa.date32())
    columns = {
        "row_no": pa.array(np.arange(2, n + 2)), "amount": pa.array(cents / 100), "cents": pa.array(cents),
        "date": dates, "day_no": pa.array(day_no, pa.int32()), "period": pc.strftime(dates, "%Y-%m"),
        "vendor": _strings("供应商", vendor), "person": _strings("经办人", person),
        "invoice_no": invoice_text, "invoice_norm": invoice_text, "voucher_no": pa.array(voucher),
        "voucher_word": pa.array(np.full(n, "记")), "id_number": pa.array(ids[id_index]),
        "id_problem": pa.array(id_problems[id_index], pa.string()), "credit_code": pa.array(codes[code_index]),
        "credit_problem": pa.array(code_problems[code_index], pa.string()),
        "first1": pa.array(_digits(cents, 1, 100), pa.int32()), "first2": pa.array(_digits(cents, 2, 1000), pa.int32()),
    }
    schema = frame.schema()
    return pa.Table.from_arrays([columns[f.name].cast(f.type) if f.name in columns else pa.nulls(n, f.type)
                                 for f in schema], schema=schema)


def _digits(cents, width, minimum):
    out = frame.leading_digits(cents, width, minimum)
    return np.where(out < 0, None, out)
