"""Benchmark of the analytics tests on generated transactions, beside plain pandas versions.

    .venv/bin/python bench/bench_analytics.py                   (200,000 transactions)
    .venv/bin/python bench/bench_analytics.py --rows 10000000   (10M; several GB of memory)
    .venv/bin/python bench/bench_analytics.py --rows 100000 --spark   (adds local Spark)

Transactions are generated column-wise (numpy, Arrow), with a few anomalies sprinkled in, stored as
one source in a throwaway DUBAN_HOME. Each test runs through the same rule definitions the product
runs (DuckDB; Spark with --spark); the pandas version does the same test in plain pandas on the
same data, already in memory. Printed: wall time, peak resident memory growth, leads found (the
engines must agree), and pandas time as a multiple of DuckDB's.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DUBAN_HOME"] = tempfile.mkdtemp(prefix="duban-bench-")  # never the installation's own data

from analytics_data import PARAMS, generate  # noqa: E402
from analytics_pandas import PANDAS  # noqa: E402


def setup(rows: int):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from duban.analytics import store
    from duban.analytics.models import ColumnMapping, Source
    from duban.org.services import unit_create
    from duban.tasks.models import Programme

    unit = unit_create(actor=None, name="基准区", kind="region")
    programme = Programme.objects.create(name="基准审计", kind="audit", year=2025, owner_unit=unit)
    source = Source.objects.create(name="bench", programme=programme, row_count=rows, fingerprint="bench")
    for role in ("amount", "date", "vendor", "invoice_no", "voucher_no", "voucher_word", "person", "id_number",
                 "credit_code"):
        ColumnMapping.objects.create(source=source, role=role, column=role)
    table = generate(rows)
    with store.connect() as con:
        store.replace_table(con, source.table, table)
    return source, table


def peak_rss_since():
    """Reset the kernel's peak-RSS mark; the returned function reads growth since then (MiB)."""
    def rss(field):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
        return 0.0

    base = rss("VmRSS:")
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    return lambda: max(0.0, rss("VmHWM:") - base)


def measure(fn):
    growth = peak_rss_since()
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started, growth()


def on_engine(engine_name, source, code):
    from duban.analytics.engines import engine_for
    from duban.analytics.evaluate import evaluate
    from duban.analytics.rules import CATALOGUE

    with engine_for(engine_name) as engine:
        outcome = evaluate(CATALOGUE[code], CATALOGUE[code].read_params(PARAMS.get(code, {})), engine, source=source)
    return len(outcome.leads) if CATALOGUE[code].kind != "summary" else len(outcome.result["bands"])


def _guarded(fn, frame, params):
    """A pandas version that runs out of memory is reported as such; the table goes on."""
    try:
        return fn(frame, params)
    except MemoryError:
        return "no mem"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--spark", action="store_true", help="also run each test on a local Spark")
    args = parser.parse_args()
    started = time.perf_counter()
    source, table = setup(args.rows)
    frame = table.to_pandas()
    print(f"{args.rows:,} transactions generated and stored in {time.perf_counter() - started:.1f}s")
    head = f"{'test':<20} | {'duckdb s':>9} | {'MiB':>6} | {'leads':>6} | {'pandas s':>9} | {'MiB':>6} | {'leads':>6} | {'× duckdb':>8}"
    print(head + (f" | {'spark s':>8} | {'leads':>6}" if args.spark else ""))
    print("-" * (len(head) + (20 if args.spark else 0)))
    for code, pandas_fn in PANDAS.items():
        leads, secs, mem = measure(lambda c=code: on_engine("duckdb", source, c))
        p_leads, p_secs, p_mem = measure(lambda f=pandas_fn, c=code: _guarded(f, frame, PARAMS.get(c, {})))
        line = (f"{code:<20} | {secs:>9.3f} | {mem:>6.0f} | {leads:>6} | {p_secs:>9.3f} | {p_mem:>6.0f} | {p_leads:>6} | "
                f"{p_secs / secs if secs else 0:>8.1f}")
        if args.spark:
            s_leads, s_secs, _ = measure(lambda c=code: on_engine("spark", source, c))
            line += f" | {s_secs:>8.2f} | {s_leads:>6}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
