"""The same tests in plain pandas, as an analyst would write them, for bench_analytics's baseline."""
import pandas as pd

from duban.analytics import benford
from duban.analytics.evaluate import _merge
from duban.core.workdays import is_workday


def dup_exact(df, p):
    keys = ["vendor", "invoice_norm", "cents", "day_no"]
    return df[df.duplicated(keys, keep=False)].groupby(keys, dropna=False).ngroups


def dup_same_diff(df, p):
    return int((df.dropna(subset=["invoice_norm"]).groupby(["vendor", "cents"]).invoice_norm.nunique() > 1).sum())


def dup_near(df, p, days=3, permille=10):
    small = df[["row_no", "vendor", "cents", "day_no"]]
    pairs = small.merge(small, on="vendor", suffixes=("_a", "_b"))
    pairs = pairs[pairs.row_no_a < pairs.row_no_b]
    close = ((pairs.day_no_a - pairs.day_no_b).abs() <= days) & (
        (pairs.cents_a - pairs.cents_b).abs() * 1000 <= permille * pairs[["cents_a", "cents_b"]].abs().max(axis=1))
    same = (pairs.cents_a == pairs.cents_b) & (pairs.day_no_a == pairs.day_no_b)
    return int((close & ~same).sum())


def dup_invoice_similar(df, p):
    return int((df.dropna(subset=["invoice_norm"]).groupby(["vendor", "invoice_norm"]).invoice_no.nunique() > 1).sum())


def voucher_gaps(df, p):
    v = df.groupby(["period", "voucher_word", "voucher_no"]).row_no.min().reset_index()
    v = v.sort_values(["period", "voucher_word", "voucher_no"])
    prev = v.groupby(["period", "voucher_word"]).voucher_no.shift().fillna(0)
    return int((v.voucher_no - prev > 1).sum())


def voucher_repeats(df, p):
    sizes = df.groupby(["period", "voucher_word", "voucher_no", "entry_no"], dropna=False).size()
    return int((sizes > 1).sum())


def _benford(column, width):
    def test(df, p):
        figures = benford.analyse(df[column].dropna().astype(int).value_counts().to_dict(), width)
        if figures["verdict"] not in ("marginal", "nonconformity"):
            return 0
        return sum(1 for r in figures["digits"] if r["z"] > 1.96 and r["observed"] > r["expected"])
    return test


def round_amounts(df, p):
    return int(((df.cents >= 100_000) & (df.cents % 100_000 == 0)).sum())


def split_purchase(df, p, threshold=5_000_000, window=7):
    s = df[(df.cents > 0) & (df.cents < threshold)][["row_no", "person", "vendor", "day_no", "cents"]]
    w = s.merge(s, on=["person", "vendor"], suffixes=("", "_b"))
    w = w[(w.day_no_b >= w.day_no) & (w.day_no_b <= w.day_no + window)]
    agg = w.groupby("row_no").agg(n=("row_no_b", "size"), total=("cents_b", "sum"))
    hits = w[w.row_no.isin(agg[(agg.n > 1) & (agg.total >= threshold)].index)]
    groups = {f"{r.person}|{r.vendor}|{r.row_no}": set() for r in hits.itertuples()}
    for r in hits.itertuples():
        groups[f"{r.person}|{r.vendor}|{r.row_no}"].add(r.row_no_b)
    return len(_merge(groups))


def offday_postings(df, p):
    days = pd.Series(df.day_no.unique())
    off = days[[not is_workday(d) for d in pd.to_datetime(days, unit="D").dt.date]]
    return df[df.day_no.isin(off)].day_no.nunique()


def id_invalid(df, p):
    return df[df.id_problem.notna()].id_number.nunique()


def credit_invalid(df, p):
    return df[df.credit_problem.notna()].credit_code.nunique()


def stratify(df, p):
    bins = [-float("inf"), 100_000, 1_000_000, 10_000_000, 100_000_000, float("inf")]
    return df.groupby(pd.cut(df.cents, bins, right=False), observed=False).cents.agg(["size", "sum"]).shape[0]


def ageing(df, p):
    age = 20453 - df.day_no  # 2025-12-31
    bins = [-float("inf"), 30, 90, 180, 365, float("inf")]
    return df.groupby(pd.cut(age, bins), observed=False).cents.agg(["size", "sum"]).shape[0]


PANDAS = {"dup_exact": dup_exact, "dup_same_diff": dup_same_diff, "dup_near": dup_near,
          "dup_invoice_similar": dup_invoice_similar, "voucher_gaps": voucher_gaps, "voucher_repeats": voucher_repeats,
          "benford_first": _benford("first1", 1), "benford_first_two": _benford("first2", 2),
          "round_amounts": round_amounts, "split_purchase": split_purchase, "offday_postings": offday_postings,
          "id_invalid": id_invalid, "credit_invalid": credit_invalid, "stratify": stratify, "ageing": ageing}
