"""Roundup 2.6 on the province's workload; runs inside Roundup's own venv (bench/peers.py makes it).

    VENV/bin/python bench/peer_roundup.py WORKLOAD.json WORKDIR REPEAT   → one JSON line on stdout

The classic tracker with two properties added to an issue: `units` (the lead and co-operating
units, a Multilink to a new `unit` class) and `due` (a Date). The province is written with bulk
INSERTs into Roundup's own tables (as duban's is, no journal); then "open issues of unit X past their
due date" through `db.issue.filter`, then the new issues one by one through `db.issue.create`,
each its own commit. SQLite in WAL (Roundup's default) with synchronous=NORMAL, as duban's.
"""
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

from peer_common import median_time

SCHEMA = ('                status=Link("status"))',
          '                status=Link("status"),\n                units=Multilink("unit"),\n'
          '                due=Date())\nunit = Class(db, "unit", name=String())\nunit.setkey("name")')


def make_db(workdir: Path):
    import roundup.instance

    home = workdir / "roundup"
    admin = [str(Path(sys.executable).with_name("roundup-admin")), "-i", str(home)]
    subprocess.run([*admin, "install", "classic", "sqlite", "mail_domain=bench.invalid,tracker_web=http://localhost/"],
                   check=True, stdout=subprocess.DEVNULL)
    schema = home / "schema.py"
    schema.write_text(schema.read_text().replace(*SCHEMA))
    subprocess.run([*admin, "initialise", "admin"], check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    db = roundup.instance.open(str(home)).open("admin")
    db.sql("PRAGMA synchronous=NORMAL")
    return db


def populate(db, units: list[str], tasks: list, today: str) -> None:
    unit_ids = {name: i + 1 for i, name in enumerate(units)}
    stamp = today.replace("-", "") + "000000.000"
    opened, closed = db.status.lookup("in-progress"), db.status.lookup("resolved")
    db.cursor.executemany("INSERT INTO _unit (id, _name, _creation, _activity, _creator, _actor) "
                          "VALUES (?, ?, ?, ?, 1, 1)", [(i, n, stamp, stamp) for n, i in unit_ids.items()])
    rows, links = [], []
    for i, (lead, co, open_, due) in enumerate(tasks, start=1):
        rows.append((i, f"省级督办事项{i - 1}", opened if open_ else closed, due.replace("-", "") + "000000.000",
                     stamp, stamp))
        links += [(unit_ids[lead], i)] + ([(unit_ids[co], i)] if co and co != lead else [])
    db.cursor.executemany("INSERT INTO _issue (id, _title, _status, _due, _creation, _activity, _creator, _actor) "
                          "VALUES (?, ?, ?, ?, ?, ?, 1, 1)", rows)
    db.cursor.executemany("INSERT INTO issue_units (linkid, nodeid) VALUES (?, ?)", links)
    db.cursor.executemany("UPDATE ids SET num = ? WHERE name = ?", [(len(units) + 1, "unit"), (len(tasks) + 1, "issue")])
    db.commit()


def overdue(db, unit: str, today: str) -> list[int]:
    open_ids = [s for s in db.status.list() if db.status.get(s, "name") != "resolved"]
    before = (dt.date.fromisoformat(today) - dt.timedelta(days=1)).isoformat()  # the range's end is inclusive
    found = db.issue.filter(None, {"units": db.unit.lookup(unit), "status": open_ids, "due": f";{before}"},
                            sort=[("+", "id")])
    return [int(i) for i in found]


def create(db, specs: list) -> int:
    from roundup.date import Date

    opened = db.status.lookup("in-progress")
    for title, unit, due in specs:
        db.issue.create(title=title, units=[db.unit.lookup(unit)], status=opened, due=Date(due))
        db.commit()
    return len(specs)


def main() -> None:
    workload, workdir, repeat = json.loads(Path(sys.argv[1]).read_text()), Path(sys.argv[2]), int(sys.argv[3])
    from roundup import __version__

    db = make_db(workdir)
    started = time.perf_counter()
    populate(db, workload["units"], workload["tasks"], workload["today"])
    filled = time.perf_counter() - started
    overdue(db, workload["unit"], workload["today"])  # once untimed: the first query loads the field definitions
    query, found = median_time(lambda: overdue(db, workload["unit"], workload["today"]), repeat)
    made, created = median_time(lambda: create(db, workload["create"]), 1)
    print(json.dumps({"peer": f"Roundup {__version__}", "populate_seconds": filled, "query_seconds": query,
                      "found": sorted(found), "create_seconds": made, "created": created}))


if __name__ == "__main__":
    main()
