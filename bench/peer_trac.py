"""Trac 1.6 on the province's workload; runs inside Trac's own venv (bench/peers.py makes it).

    VENV/bin/python bench/peer_trac.py WORKLOAD.json WORKDIR REPEAT   → one JSON line on stdout

A unit is a component; the co-operating unit and the due date are custom fields (`co_unit` text,
`due` a date). The province is written with bulk INSERTs into Trac's own tables (as duban's is, no
history); then "open tickets of unit X past their due date" through Trac's query API (the query a
custom report runs), then the new tickets one by one through `Ticket.insert`, each its own commit.
SQLite in WAL with synchronous=NORMAL, as duban's own database.
"""
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

from peer_common import epoch_us, median_time


def make_env(workdir: Path):
    from trac.env import Environment

    admin = Path(sys.executable).with_name("trac-admin")
    url = "sqlite:db/trac.db?journal_mode=WAL&synchronous=NORMAL"
    subprocess.run([str(admin), str(workdir / "trac"), "initenv", "province", url], check=True,
                   stdout=subprocess.DEVNULL)
    with open(workdir / "trac" / "conf" / "trac.ini", "a") as ini:
        ini.write("\n[ticket-custom]\nco_unit = text\ndue = time\ndue.format = date\n")
    return Environment(str(workdir / "trac"))


def populate(env, tasks: list, today: str) -> None:
    now = epoch_us(dt.date.fromisoformat(today))
    tickets = [(i + 1, "task", now, now, lead, "major", "bench", "new" if open_ else "closed",
                "" if open_ else "fixed", f"省级督办事项{i}") for i, (lead, _, open_, _) in enumerate(tasks)]
    custom = [(i + 1, "due", f"{epoch_us(dt.date.fromisoformat(due)):018d}") for i, (*_, due) in enumerate(tasks)]
    custom += [(i + 1, "co_unit", co) for i, (_, co, _, _) in enumerate(tasks) if co]
    with env.db_transaction as db:
        db.executemany("INSERT INTO ticket (id, type, time, changetime, component, priority, reporter, status, "
                       "resolution, summary) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", tickets)
        db.executemany("INSERT INTO ticket_custom (ticket, name, value) VALUES (%s, %s, %s)", custom)


def overdue(env, unit: str, today: str) -> list[int]:
    from trac.ticket.query import Query

    cond = f"status!=closed&due=..{today}"
    query = Query.from_string(env, f"{cond}&component={unit}&or&{cond}&co_unit={unit}&max=0&order=id")
    return [row["id"] for row in query.execute()]


def create(env, specs: list) -> int:
    from trac.ticket.model import Ticket
    from trac.util.datefmt import utc

    for title, unit, due in specs:
        ticket = Ticket(env)
        ticket.populate({"summary": title, "component": unit, "reporter": "bench", "status": "new",
                         "due": dt.datetime.combine(dt.date.fromisoformat(due), dt.time(), utc)})
        ticket.insert()
    return len(specs)


def main() -> None:
    workload, workdir, repeat = json.loads(Path(sys.argv[1]).read_text()), Path(sys.argv[2]), int(sys.argv[3])
    import trac

    env = make_env(workdir)
    started = time.perf_counter()
    populate(env, workload["tasks"], workload["today"])
    filled = time.perf_counter() - started
    overdue(env, workload["unit"], workload["today"])  # once untimed: the first query loads the field definitions
    query, found = median_time(lambda: overdue(env, workload["unit"], workload["today"]), repeat)
    made, created = median_time(lambda: create(env, workload["create"]), 1)
    print(json.dumps({"peer": f"Trac {trac.__version__}", "populate_seconds": filled, "query_seconds": query,
                      "found": sorted(found), "create_seconds": made, "created": created}))


if __name__ == "__main__":
    main()
