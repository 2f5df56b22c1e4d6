"""Duplicate payments: exact, same-same-different, near in amount or days, similar invoice numbers."""
from duban.analytics.frame import EPOCH
from duban.analytics.rules.base import Param, Rule, cents, yuan

MIN_AMOUNT = Param("min_amount", "最低金额（元）", "amount", 0, 0, 1e11)


def _day(day_no) -> str:
    import datetime as dt

    return (EPOCH + dt.timedelta(days=int(day_no))).isoformat()


def _exact_sql(p):
    return f"""
SELECT vendor || '|' || COALESCE(invoice_norm, '') || '|' || CAST(cents AS STRING) || '|' || CAST(day_no AS STRING) AS k,
       row_no
FROM (SELECT *, COUNT(*) OVER (PARTITION BY vendor, invoice_norm, cents, day_no) AS n
      FROM t WHERE vendor IS NOT NULL AND cents >= {cents(p['min_amount'])}) x
WHERE n > 1"""


def _exact_title(k, n, p):
    vendor, invoice, fen, day = k.rsplit("|", 3)
    return f"「{vendor}」{_day(day)} 同一笔 {yuan(fen)} 元（发票 {invoice or '无'}）重复 {n} 次"


def _ssd_sql(p):
    return f"""
SELECT t.vendor || '|' || CAST(t.cents AS STRING) AS k, t.row_no
FROM t JOIN (SELECT vendor, cents FROM t
             WHERE vendor IS NOT NULL AND invoice_norm IS NOT NULL AND cents >= {cents(p['min_amount'])}
             GROUP BY vendor, cents HAVING COUNT(DISTINCT invoice_norm) > 1) g
  ON t.vendor = g.vendor AND t.cents = g.cents
WHERE t.invoice_norm IS NOT NULL"""


def _ssd_title(k, n, p):
    vendor, fen = k.rsplit("|", 1)
    return f"「{vendor}」{n} 笔同为 {yuan(fen)} 元而发票号不同"


def _near_sql(p):
    return f"""
WITH pairs AS (
  SELECT a.row_no AS r1, b.row_no AS r2 FROM t a JOIN t b ON a.vendor = b.vendor AND a.row_no < b.row_no
  WHERE a.cents >= {cents(p['min_amount'])} AND b.cents >= {cents(p['min_amount'])}
    AND ABS(a.day_no - b.day_no) <= {int(p['days'])}
    AND ABS(a.cents - b.cents) * 1000 <= {int(p['permille'])} * GREATEST(ABS(a.cents), ABS(b.cents))
    AND NOT (a.cents = b.cents AND a.day_no = b.day_no))
SELECT CAST(r1 AS STRING) || '~' || CAST(r2 AS STRING) AS k, r1 AS row_no FROM pairs
UNION ALL
SELECT CAST(r1 AS STRING) || '~' || CAST(r2 AS STRING) AS k, r2 AS row_no FROM pairs"""


def _near_title(k, n, p):
    r1, r2 = k.split("~")
    return f"第{r1}行与第{r2}行：同一收款方，金额相差不超过{p['permille'] / 10:g}%，日期相隔不超过{p['days']}天"


def _invoice_sql(p):
    return """
SELECT t.vendor || '|' || t.invoice_norm AS k, t.row_no
FROM t JOIN (SELECT vendor, invoice_norm FROM t WHERE vendor IS NOT NULL AND invoice_norm IS NOT NULL
             GROUP BY vendor, invoice_norm HAVING COUNT(DISTINCT invoice_no) > 1) g
  ON t.vendor = g.vendor AND t.invoice_norm = g.invoice_norm"""


def _invoice_title(k, n, p):
    vendor, norm = k.rsplit("|", 1)
    return f"「{vendor}」有 {n} 笔发票号写法不同但实为同一号码 {norm}"


RULES = [
    Rule("dup_exact", "完全重复付款",
         "同一收款方、同一发票号、同一金额、同一日期出现不止一次：最典型的重复支付，常见于同一张发票被报销或付款两次。",
         ("amount", "date", "vendor"), (MIN_AMOUNT,), _exact_sql, _exact_title),
    Rule("dup_same_diff", "同收款方同金额不同发票",
         "同一收款方、金额完全相同，但发票号不同（「相同-相同-不同」）：可能是换了发票号再付一次。定期等额付款（如房租）也会命中，须人工核实。",
         ("amount", "vendor", "invoice_no"), (MIN_AMOUNT,), _ssd_sql, _ssd_title),
    Rule("dup_near", "金额或日期相近的重复",
         "同一收款方，两笔付款金额相差不超过给定千分比、日期相隔不超过给定天数（不含完全相同的两笔）：重复支付常被稍改金额或推后几天以躲过完全重复检查。",
         ("amount", "date", "vendor"),
         (MIN_AMOUNT, Param("days", "日期相隔天数", "int", 3, 0, 366),
          Param("permille", "金额相差千分比（‰）", "int", 10, 0, 1000)), _near_sql, _near_title),
    Rule("dup_invoice_similar", "发票号相似",
         "同一收款方的发票号去掉空格、横线、前导零和大小写差异后相同而原文不同：同一张发票被改写后重复报销的迹象。",
         ("vendor", "invoice_no"), (), _invoice_sql, _invoice_title),
]
