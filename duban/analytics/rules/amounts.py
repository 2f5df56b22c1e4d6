"""Amounts and dates: round amounts, split purchases, amounts over a standard, off-day postings,
and the descriptive stratification and ageing."""
from duban.analytics.frame import EPOCH
from duban.analytics.rules.base import Param, Rule, cents, yuan
from duban.analytics.rules.duplicates import _day
from duban.core.errors import DomainError


def _round_sql(p):
    return f"SELECT CAST(row_no AS STRING) AS k, row_no FROM t WHERE cents >= {cents(p['min_amount'])} " \
           f"AND cents % {cents(p['multiple'])} = 0"


def _split_sql(p):
    by, limit, window = p["by"], cents(p["threshold"]), int(p["days"])
    return f"""
WITH s AS (SELECT row_no, {by} AS who, vendor, day_no, cents FROM t
           WHERE cents > 0 AND cents < {limit} AND {by} IS NOT NULL AND vendor IS NOT NULL AND day_no IS NOT NULL),
w AS (SELECT a.row_no AS anchor, a.who, a.vendor, b.row_no, b.cents FROM s a JOIN s b
        ON a.who = b.who AND a.vendor = b.vendor AND b.day_no BETWEEN a.day_no AND a.day_no + {window}),
hit AS (SELECT anchor FROM w GROUP BY anchor HAVING COUNT(*) > 1 AND SUM(cents) >= {limit})
SELECT w.who || '|' || w.vendor || '|' || CAST(w.anchor AS STRING) AS k, w.row_no FROM w JOIN hit ON w.anchor = hit.anchor"""


def _split_title(k, n, p):
    who, vendor, _first = k.rsplit("|", 2)
    return (f"「{who}」向「{vendor}」{p['days']}天内 {n} 笔各低于 {yuan(cents(p['threshold']))} 元、"
            f"合计达到该限额：疑似拆分采购")


def _over_sql(p):
    return """
SELECT t.category || '|' || CAST(t.row_no AS STRING) AS k, t.row_no
FROM t JOIN (SELECT category, MIN(standard_amount) AS ceiling FROM other_src
             WHERE category IS NOT NULL AND standard_amount IS NOT NULL GROUP BY category) s
  ON t.category = s.category
WHERE t.cents > CAST(ROUND(s.ceiling * 100) AS BIGINT)"""


def _offday_sql(p):
    return f"""
SELECT CAST(t.day_no AS STRING) AS k, t.row_no FROM t JOIN cal ON t.day_no = cal.day_no
WHERE t.day_no IN (SELECT day_no FROM t GROUP BY day_no HAVING COUNT(*) >= {int(p['min_rows'])})"""


def _offday_title(k, n, p):
    return f"{_day(k)}（{p['_day_names'].get(k, '休息日')}）记账/付款 {n} 笔"


def _strata_sql(p):
    bounds = p["_bounds"]
    cases = " ".join(f"WHEN cents < {cents(b)} THEN {i}" for i, b in enumerate(bounds))
    return (f"SELECT CASE {cases} ELSE {len(bounds)} END AS band, COUNT(*), SUM(cents) FROM t "
            "WHERE cents IS NOT NULL GROUP BY 1 ORDER BY 1")


def _ageing_sql(p):
    bounds = p["_bounds"]
    cases = " ".join(f"WHEN {int(p['_as_of'])} - day_no <= {int(b)} THEN {i}" for i, b in enumerate(bounds))
    return (f"SELECT CASE {cases} ELSE {len(bounds)} END AS band, COUNT(*), SUM(cents) FROM t "
            "WHERE day_no IS NOT NULL GROUP BY 1 ORDER BY 1")


def _bounds(text: str, label: str) -> list[float]:
    try:
        values = [float(x) for x in str(text).replace("，", ",").split(",") if x.strip()]
    except ValueError:
        raise DomainError(f"「{label}」应为逗号分隔的数字，如 1000,10000") from None
    if not values or len(values) > 20 or values != sorted(set(values)) or not all(0 <= v < 1e11 for v in values):
        raise DomainError(f"「{label}」应为1–20个递增的非负数字")
    return values


def _strata_prepare(p):
    return {"_bounds": _bounds(p["bounds"], "分层界限")}


def _ageing_prepare(p):
    import datetime as dt

    from duban.core import clock

    try:
        as_of = dt.date.fromisoformat(p["as_of"]) if p["as_of"] else clock.today()
    except ValueError:
        raise DomainError(f"基准日「{p['as_of']}」应为 YYYY-MM-DD") from None
    return {"_bounds": _bounds(p["bounds"], "分段界限"), "_as_of": (as_of - EPOCH).days}


RULES = [
    Rule("round_amounts", "整数金额",
         "金额恰为给定整数倍（如整千元）的付款：估计、虚构或人为凑整的金额常呈整数，正常交易金额少有整千整万。",
         ("amount",), (Param("multiple", "整数倍（元）", "amount", 1000, 1, 1e9),
                       Param("min_amount", "最低金额（元）", "amount", 1000, 0, 1e11)),
         _round_sql, lambda k, n, p: f"第{k}行金额为{p['multiple']:g}元的整数倍"),
    Rule("split_purchase", "拆分采购",
         "同一申请人（或部门）向同一供应商在W天内多笔付款，每笔都低于限额T，合计却达到或超过T：规避采购审批或招标限额的常见手法。",
         ("amount", "date", "vendor"),
         (Param("threshold", "限额T（元）", "amount", 50000, 1, 1e11), Param("days", "窗口W（天）", "int", 7, 1, 366),
          Param("by", "按谁归并", "choice", "person", choices=("person", "department"))),
         _split_sql, _split_title, merge=True),
    Rule("over_standard", "超标准开支",
         "金额超过开支标准表中同一费用类别的上限（如差旅住宿、公务接待标准）。",
         ("amount", "category"), (Param("other", "开支标准数据源", "source", None),), _over_sql,
         lambda k, n, p: f"「{k.rsplit('|', 1)[0]}」第{k.rsplit('|', 1)[1]}行超过开支标准",
         other_roles=("category", "standard_amount")),
    Rule("offday_postings", "节假日和周末记账",
         "在周末、法定节假日和调休放假日记账或付款（按工作日历，补班日算工作日）：非工作日的业务缺少正常审批环节，值得抽查。",
         ("date",), (Param("min_rows", "当天至少笔数", "int", 1, 1, 1_000_000),), _offday_sql, _offday_title,
         calendar=True),
    Rule("stratify", "金额分层",
         "按金额区间统计笔数和金额：看清钱集中在哪一层，为抽样和重点审查定方向。不产生疑点。",
         ("amount",), (Param("bounds", "分层界限（元，逗号分隔）", "text", "1000,10000,100000,1000000"),),
         _strata_sql, kind="summary", prepare=_strata_prepare),
    Rule("ageing", "账龄分析",
         "按距基准日的天数分段统计笔数和金额（如往来款账龄）：账龄越长越可能无法收回或挂账不清。不产生疑点。",
         ("amount", "date"), (Param("bounds", "分段界限（天，逗号分隔）", "text", "30,90,180,365"),
                              Param("as_of", "基准日（YYYY-MM-DD，默认今天）", "text", "")),
         _ageing_sql, kind="summary", prepare=_ageing_prepare),
]
