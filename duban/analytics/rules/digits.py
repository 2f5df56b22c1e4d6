"""Benford first-digit and first-two-digit tests."""
from duban.analytics.rules.base import Param, Rule


def _count_sql(column):
    return lambda p: f"SELECT {column}, COUNT(*) FROM t WHERE {column} IS NOT NULL GROUP BY {column}"


def _digit_title(k, n, p):
    return f"首{'位' if p['_width'] == 1 else '两位'}数字为 {k} 的金额偏多（{n} 笔）"


def _params(minimum: int):
    return (Param("min_n", "最少样本量", "int", minimum, 50, 1e9), Param("z", "Z 临界值", "amount", 1.96, 0.5, 10))


RULES = [
    Rule("benford_first", "本福特首位数字",
         "自然形成的金额，首位数字为1的约占30.1%，为9的仅约4.6%（本福特定律）。按 Nigrini 的平均绝对偏差（MAD）判断整体是否符合；"
         "整体勉强符合或不符合时，Z 值超过临界值且实际多于预期的数字列为疑点，其金额值得抽查。样本太少时拒绝判断。",
         ("amount",), _params(300), _count_sql("first1"), _digit_title, kind="benford", prepare=lambda p: {"_width": 1}),
    Rule("benford_first_two", "本福特首两位数字",
         "与首位数字检验相同，但看前两位（10–99），更细，能发现集中在某一金额段（如刚好低于审批限额的 49xx）的异常。"
         "需要更大的样本。",
         ("amount",), _params(1000), _count_sql("first2"), _digit_title, kind="benford", prepare=lambda p: {"_width": 2}),
]
