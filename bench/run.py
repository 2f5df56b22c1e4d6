"""Run the benchmark suite and print one table; write every figure to bench/results.json.

    make bench                 .venv/bin/python bench/run.py             (10,000 and 100,000 tasks)
    make bench QUICK=1         .venv/bin/python bench/run.py --quick     (10,000 tasks, under two minutes)
    (the sweep: 100,000 and 1,000,000 tasks in full, 10,000 in --quick; Trac and Roundup beside the
    SQLite figures, installed once into var/bench-peers/ — skipped with a message without PyPI)
    .venv/bin/python bench/run.py NAME ...   runs the named bench_*.py scripts, each printing its own table

The suite generates a province (bench/province.py) in a fresh database per size, on SQLite and, when
a PostgreSQL server is installed, on a throwaway PostgreSQL (scripts/with-postgres.sh). Each figure
stands beside its baseline measured in the same process.
"""
import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def legacy(names: list[str]) -> int:
    scripts = [s for s in sorted(HERE.glob("bench_*.py")) if any(n in s.stem for n in names)]
    failed = 0
    for script in scripts:
        print(f"\n== {script.stem} ==", flush=True)
        failed += subprocess.call([sys.executable, str(script)]) != 0
    return 1 if failed else 0


def postgres_available() -> bool:
    return any(Path("/usr/lib/postgresql").glob("*/bin/initdb")) and shutil.which("runuser") is not None


def run_province(database: str, tasks: int, create: int, repeat: int) -> list[dict]:
    out = Path(tempfile.mkdtemp(prefix="duban-bench-")) / "rows.json"
    cmd = [sys.executable, str(HERE / "bench_province.py"), "--tasks", str(tasks), "--create", str(create),
           "--repeat", str(repeat), "--json", str(out)]
    if database == "postgresql":
        cmd = [str(ROOT / "scripts" / "with-postgres.sh"), *cmd]
    if database == "sqlite":  # the peers keep their own SQLite databases: beside duban's SQLite figures
        cmd.append("--peers")
    return _run(cmd, out, f"{database}, {tasks:,} tasks")


def run_sweep(tasks: int) -> list[dict]:
    """The sweep on SQLite (bench/bench_sweep.py --suite): time and memory in separate runs."""
    out = Path(tempfile.mkdtemp(prefix="duban-bench-")) / "sweep.json"
    cmd = [sys.executable, str(HERE / "bench_sweep.py"), "--suite", str(tasks), "--json", str(out)]
    return _run(cmd, out, f"sqlite, sweep at {tasks:,} tasks")


def _run(cmd: list[str], out: Path, label: str) -> list[dict]:
    """Run one benchmark script, saying how long it took; its rows, from the JSON it wrote."""
    print(f"-- {label}", end="", flush=True)
    started = time.perf_counter()
    if subprocess.call(cmd, cwd=ROOT, stdout=subprocess.DEVNULL) != 0:
        print(f"\n   failed: {' '.join(cmd)}", file=sys.stderr)
        return []
    print(f" ({time.perf_counter() - started:.0f} s)", flush=True)
    return json.loads(out.read_text())


def table(rows: list[dict]) -> str:
    lines = [f"{'database':10} {'tasks':>9} {'what':68} {'seconds':>9} {'per s':>8} {'× baseline':>11}"]
    for r in rows:
        rate = f"{r['per_second']:8.0f}" if r.get("per_second") else " " * 8
        if r.get("peak_mib") is not None:  # a memory figure: MiB where the others have seconds
            lines.append(f"{r['database']:10} {r['tasks']:9,} {r['what']:68} {r['peak_mib']:5.1f} MiB {rate} "
                         f"{r['ratio']:11.1f}")
            continue
        lines.append(f"{r['database']:10} {r['tasks']:9,} {r['what']:68} {r['seconds']:9.4f} {rate} "
                     f"{r['ratio']:11.1f}")
    return "\n".join(lines)


def suite(quick: bool) -> int:
    sizes = [10_000] if quick else [10_000, 100_000]
    create, repeat = (200, 3) if quick else (1000, 5)
    databases = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    started = time.perf_counter()
    rows = [r for db in databases for n in sizes for r in run_province(db, n, create, repeat)]
    sweep_sizes = [10_000] if quick else [100_000, 1_000_000]  # filling 100,000 alone takes about a minute
    sweeps = [r for n in sweep_sizes for r in run_sweep(n)]
    rows += sweeps
    results = {"generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "quick": quick,
               "seconds": round(time.perf_counter() - started, 1), "rows": rows}
    (HERE / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print()
    print(table(rows))
    print(f"\n{len(rows)} figures in {results['seconds']} s; written to bench/results.json")
    province = {(r['database'], r['tasks']) for r in rows if r not in sweeps}
    return 0 if len(province) == len(databases) * len(sizes) and len(sweeps) == 5 * len(sweep_sizes) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one small size: under two minutes")
    parser.add_argument("names", nargs="*", help="run these bench_*.py scripts instead of the suite")
    args = parser.parse_args()
    return legacy(args.names) if args.names else suite(args.quick)


if __name__ == "__main__":
    sys.exit(main())
