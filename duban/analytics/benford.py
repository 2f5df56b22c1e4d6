"""Benford's law on first and first-two digits, with Nigrini's MAD verdict and per-digit Z.

Expected proportion of leading digits d: log10(1 + 1/d). Z uses the continuity correction 1/(2N)
when it is smaller than the difference itself (Nigrini, Forensic Analytics, 2012).
"""
import math

# Nigrini's MAD conformity ranges (upper bounds) for each test.
MAD_LIMITS = {
    1: [(0.006, "close", "高度符合"), (0.012, "acceptable", "基本符合"), (0.015, "marginal", "勉强符合")],
    2: [(0.0012, "close", "高度符合"), (0.0018, "acceptable", "基本符合"), (0.0022, "marginal", "勉强符合")],
}
NONCONFORMITY = ("nonconformity", "不符合")


def digits_of(width: int) -> range:
    return range(10 ** (width - 1), 10 ** width)


def expected(digit: int) -> float:
    return math.log10(1 + 1 / digit)


def z_stat(observed: float, exp: float, n: int) -> float:
    diff = abs(observed - exp)
    correction = 1 / (2 * n)
    if correction < diff:
        diff -= correction
    return diff / math.sqrt(exp * (1 - exp) / n)


def analyse(counts: dict[int, int], width: int) -> dict:
    """Figures for the chart and the verdict: per digit count, observed and expected share, Z."""
    n = sum(counts.values())
    rows = []
    for d in digits_of(width):
        obs = counts.get(d, 0) / n
        exp = expected(d)
        rows.append({"digit": d, "count": counts.get(d, 0), "observed": obs, "expected": exp,
                     "z": z_stat(obs, exp, n)})
    mad = sum(abs(r["observed"] - r["expected"]) for r in rows) / len(rows)
    verdict, label = next(((code, text) for limit, code, text in MAD_LIMITS[width] if mad <= limit), NONCONFORMITY)
    return {"n": n, "digits": rows, "mad": mad, "verdict": verdict, "verdict_label": label}
