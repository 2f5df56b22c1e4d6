"""`duban worker`: the sweep and the outbox delivery in a loop over the database, no broker.

SIGTERM and SIGINT end the loop after the current step; a message being sent when the process is
killed outright is re-sent once its lease runs out (see outbox.py).
"""
import datetime as dt
import logging
import signal
import threading

from django.db import close_old_connections

from duban.supervision.checkpoints import checkpoint_publish
from duban.supervision.outbox import deliver
from duban.supervision.sweep import sweep

log = logging.getLogger("duban.worker")


def run_worker(*, interval: float = 60.0, lease: dt.timedelta | None = None, do_sweep: bool = True,
               once: bool = False, stop: threading.Event | None = None) -> dict[str, int]:
    stop = stop or threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    totals = {"rounds": 0, "sent": 0, "failed": 0}
    while not stop.is_set():
        close_old_connections()
        try:
            if do_sweep:
                sweep()
            checkpoint_publish()  # once a day: the outbox key is per day and recipient
            done = deliver(lease=lease) if lease else deliver()
        except Exception:  # one bad round must not end the worker; the log keeps the cause
            log.exception("worker round failed")
            done = {}
        totals["rounds"] += 1
        totals["sent"] += done.get("sent", 0)
        totals["failed"] += done.get("failed", 0)
        if once:
            break
        stop.wait(interval)
    return totals
