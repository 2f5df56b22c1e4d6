"""Trac 1.6 and Roundup 2.6 beside duban on the province's own workload.

Each peer is installed from PyPI into its own venv under var/bench-peers/ (made once, reused after;
`make clean` removes it) and driven by bench/peer_trac.py or bench/peer_roundup.py in that venv:
the province's tasks (unit, co-operating unit, open or not, deadline) written into the peer's tables,
"open tickets of unit X past their due date" through the peer's query API, then the same new tasks
created one by one through its Python API. When PyPI cannot be reached the peer is skipped with a
message; the rest of the bench goes on.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOME = HERE.parent / "var" / "bench-peers"
PEERS = (("Trac", "trac==1.6", "peer_trac.py"), ("Roundup", "roundup==2.6.0", "peer_roundup.py"))


def workload(world, unit, expected: list[int], create: list[dict], today) -> dict:
    """The rows a peer is given, tasks in primary-key order; the expected task ids become positions,
    which are the ids the peer gives its tickets. Import after django.setup()."""
    from duban.tasks.models import OPEN_STATES, Task

    names = {u.pk: u.name for us in world.units.values() for u in us}
    co_units = dict(Task.co_units.through.objects.values_list("task_id", "unit_id"))  # one at most per task
    rows, position = [], {}
    for pk, lead, state, deadline in Task.objects.order_by("pk").values_list("pk", "lead_unit_id", "state",
                                                                             "deadline"):
        position[pk] = len(rows) + 1
        rows.append([names[lead], names.get(co_units.get(pk), ""), state in OPEN_STATES, deadline.isoformat()])
    return {"today": today.isoformat(), "unit": unit.name, "units": sorted(set(names.values())), "tasks": rows,
            "expected": sorted(position[pk] for pk in expected),
            "create": [[s["title"], s["lead_unit"], s["deadline"].isoformat()] for s in create]}


def venv(name: str, requirement: str) -> Path | None:
    """The peer's venv, installed on first use; None (and a message) when it cannot be installed."""
    home = HOME / name.lower()
    python, stamp = home / "bin" / "python", home / ".installed"
    if stamp.exists() and stamp.read_text() == requirement:
        return python
    print(f"   installing {requirement} into var/bench-peers/{home.name} (once)", file=sys.stderr, flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(home)], check=True, capture_output=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--timeout", "15", "--retries", "1", requirement], check=True, capture_output=True,
                       text=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as e:
        reason = (getattr(e, "stderr", "") or str(e)).strip().splitlines()
        print(f"   {name} skipped: could not install {requirement} from PyPI ({reason[-1] if reason else e})",
              file=sys.stderr, flush=True)
        return None
    stamp.write_text(requirement)
    return python


def drive(python: Path, script: str, load: Path, repeat: int) -> dict:
    workdir = tempfile.mkdtemp(prefix="duban-bench-peer-")
    env = {**os.environ, "TZ": "UTC"}  # the due dates are midnights in UTC, and so are the queries' bounds
    done = subprocess.run([str(python), str(HERE / script), str(load), workdir, str(repeat)], check=True,
                          capture_output=True, text=True, env=env, timeout=3600)
    return json.loads(done.stdout.strip().splitlines()[-1])


def peer_rows(rows: list[dict], load: dict, repeat: int) -> list[dict]:
    """Each peer's query and creation figures, their ratios to the same baselines as duban's rows."""
    query_base = next(r["seconds"] for r in rows if r["what"].startswith("overdue of unit X: hand-written"))
    create_base = next(r["seconds"] for r in rows if "raw INSERTs" in r["what"])
    path = Path(tempfile.mkdtemp(prefix="duban-bench-")) / "workload.json"
    path.write_text(json.dumps(load, ensure_ascii=False))
    out = []
    for name, requirement, script in PEERS:
        python = venv(name, requirement)
        if python is None:
            continue
        try:
            got = drive(python, script, path, repeat)
        except (OSError, subprocess.SubprocessError, ValueError) as e:
            print(f"   {name} failed: {getattr(e, 'stderr', '') or e}", file=sys.stderr, flush=True)
            continue
        if got["found"] == load["expected"]:
            out.append(_row(f"overdue of unit X: {got['peer']} query API", got["query_seconds"], query_base,
                            len(got["found"])))
        else:
            print(f"   {name} disagrees with the SQL: {len(got['found'])} vs {len(load['expected'])} tickets",
                  file=sys.stderr, flush=True)
        n = got["created"]
        out.append(_row(f"create {n} tasks: {got['peer']} one by one", got["create_seconds"], create_base, n,
                        n / got["create_seconds"]))
    return out


def _row(what: str, seconds: float, base: float, count: int, rate: float | None = None) -> dict:
    return {"what": what, "seconds": seconds, "ratio": seconds / base if base else None, "rows": count,
            "per_second": rate}
