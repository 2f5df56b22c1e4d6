"""A rule on an engine: bind the tables it reads, run its SQL, turn rows into leads or figures.

Everything after the SQL is plain Python shared by every engine, so both engines give the same leads.
"""
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import pyarrow as pa

from duban.analytics import benford
from duban.analytics.frame import EPOCH
from duban.analytics.rules import Rule
from duban.core.errors import DomainError

MAX_ROWS_PER_LEAD = 1000


@dataclass
class Found:
    key: str
    title: str
    row_nos: list[int]
    count: int = 0


@dataclass
class Outcome:
    leads: list[Found] = field(default_factory=list)
    result: dict = field(default_factory=dict)


def evaluate(rule: Rule, params: dict, engine, *, source, other=None, step=lambda name: None) -> Outcome:
    p = {**params, **(rule.prepare(params) if rule.prepare else {})}
    step("bind")
    engine.bind_source("t", source)
    if other is not None:
        engine.bind_source("other_src", other)
    if rule.calendar:
        p["_day_names"] = _bind_calendar(engine)
    step("query")
    if rule.kind == "benford":
        return _benford(rule, p, engine)
    rows = engine.query(rule.sql(p))
    step("leads")
    if rule.kind == "summary":
        return Outcome(result={"bands": _bands(p["_bounds"], rows, rule.code)})
    return Outcome(leads=_leads(rule, p, rows))


def _leads(rule: Rule, p: dict, rows) -> list[Found]:
    groups: dict[str, set[int]] = defaultdict(set)
    for key, row_no in rows:
        groups[str(key)].add(int(row_no))
    if rule.merge:
        groups = _merge(groups)
    found = []
    for key in sorted(groups, key=lambda k: (min(groups[k]), k)):
        row_nos = sorted(groups[key])
        found.append(Found(key, rule.title(key, len(row_nos), p)[:300], row_nos[:MAX_ROWS_PER_LEAD], len(row_nos)))
    return found


def _merge(groups: dict[str, set[int]]) -> dict[str, set[int]]:
    """Overlapping windows of one cluster become one lead, named after its first record."""
    merged: list[tuple[str, set[int]]] = []
    for key in sorted(groups, key=lambda k: min(groups[k])):
        rows = groups[key]
        for i, (mkey, mrows) in enumerate(merged):
            if mkey.rsplit("|", 1)[0] == key.rsplit("|", 1)[0] and mrows & rows:
                merged[i] = (mkey, mrows | rows)
                break
        else:
            merged.append((key, set(rows)))
    return {f"{k.rsplit('|', 1)[0]}|{min(rows)}": rows for k, rows in merged}


def _bind_calendar(engine) -> dict[str, str]:
    from duban.core.workdays import is_workday, off_day_name

    low, high = engine.query("SELECT MIN(day_no), MAX(day_no) FROM t")[0]
    names: dict[str, str] = {}
    if low is not None:
        for day_no in range(int(low), int(high) + 1):
            day = EPOCH + dt.timedelta(days=day_no)
            if not is_workday(day):
                names[str(day_no)] = off_day_name(day)
    table = pa.table({"day_no": pa.array([int(k) for k in names], pa.int32())})
    engine.bind_arrow("cal", table)
    return names


def _benford(rule: Rule, p: dict, engine) -> Outcome:
    width, column = p["_width"], "first1" if p["_width"] == 1 else "first2"
    counts = {int(d): int(n) for d, n in engine.query(rule.sql(p))}
    n = sum(counts.values())
    if n < p["min_n"]:
        raise DomainError(f"样本量只有 {n} 笔，少于 {p['min_n']} 笔，本福特检验的结论不可靠，未运行")
    figures = benford.analyse(counts, width)
    flagged = []
    if figures["verdict"] in ("marginal", "nonconformity"):
        flagged = [r["digit"] for r in figures["digits"] if r["z"] > p["z"] and r["observed"] > r["expected"]]
    leads = []
    if flagged:
        listed = ", ".join(str(d) for d in flagged)
        rows = engine.query(f"SELECT CAST({column} AS STRING) AS k, row_no FROM t WHERE {column} IN ({listed})")
        leads = _leads(rule, p, rows)
    return Outcome(leads=leads, result={"benford": figures, "width": width})


def _bands(bounds: list[float], rows, code: str) -> list[dict]:
    unit = "元" if code == "stratify" else "天"
    edges = [0, *bounds]
    labels = [f"{edges[i]:,.0f}–{edges[i + 1]:,.0f}{unit}" for i in range(len(bounds))] + [f"{bounds[-1]:,.0f}{unit}以上"]
    by_band = {int(band): (int(count), int(total or 0)) for band, count, total in rows}
    return [{"label": labels[i], "count": by_band.get(i, (0, 0))[0], "amount": by_band.get(i, (0, 0))[1] / 100}
            for i in range(len(labels))]
