"""Voucher numbers per year + month + 凭证字: gaps (missing numbers) and repeats."""
from duban.analytics.rules.base import Rule


def _gap_sql(p):
    # One row per voucher (entries share its number); LAG finds the number before it in the month.
    return """
WITH v AS (SELECT period, COALESCE(voucher_word, '') AS word, voucher_no, MIN(row_no) AS row_no
           FROM t WHERE voucher_no IS NOT NULL AND period IS NOT NULL GROUP BY period, COALESCE(voucher_word, ''), voucher_no),
s AS (SELECT period, word, voucher_no, row_no,
             LAG(voucher_no) OVER (PARTITION BY period, word ORDER BY voucher_no) AS prev_no,
             LAG(row_no) OVER (PARTITION BY period, word ORDER BY voucher_no) AS prev_row
      FROM v),
gaps AS (SELECT period || '|' || word || '|' || CAST(COALESCE(prev_no, 0) + 1 AS STRING) || '|'
                || CAST(voucher_no - 1 AS STRING) AS k, row_no, prev_row
         FROM s WHERE voucher_no - COALESCE(prev_no, 0) > 1)
SELECT k, row_no FROM gaps
UNION ALL
SELECT k, prev_row AS row_no FROM gaps WHERE prev_row IS NOT NULL"""


def _gap_title(k, n, p):
    period, word, first, last = k.split("|")
    numbers = first if first == last else f"{first}–{last}"
    return f"{period} {word or ''}字凭证缺号：{numbers}号"


def _repeat_sql(p):
    return """
SELECT period || '|' || COALESCE(voucher_word, '') || '|' || CAST(voucher_no AS STRING) AS k, row_no
FROM (SELECT *, COUNT(*) OVER (PARTITION BY period, voucher_word, voucher_no, entry_no) AS n
      FROM t WHERE voucher_no IS NOT NULL AND period IS NOT NULL) x
WHERE n > 1"""


def _repeat_title(k, n, p):
    period, word, number = k.split("|")
    return f"{period} {word or ''}字第{number}号凭证重号（{n} 行）"


RULES = [
    Rule("voucher_gaps", "凭证断号",
         "按年月和凭证字，凭证号应从1号起连续编号；缺号可能意味着凭证被抽走或删除。",
         ("voucher_no", "date"), (), _gap_sql, _gap_title),
    Rule("voucher_repeats", "凭证重号",
         "按年月和凭证字，同一凭证号（同一分录号）出现不止一次：可能是重复记账或编号被改动。",
         ("voucher_no", "date"), (), _repeat_sql, _repeat_title),
]
