"""Python's cycle collector while a bulk job runs.

By default the collector examines the youngest objects after every 700 new ones, and every tenth
of those passes goes on to older ones; a full pass walks every object alive. An import builds
hundreds of thousands of objects it keeps until it commits (rows, model instances, events), so the
default passes walk the same growing heap again and again and find next to nothing: a fifth of a
10,000-row ledger import, a quarter of a province's battle map (a tally of each of 4,000 units).
Inside `fewer_collections` the youngest generation waits for BULK_THRESHOLD new objects instead. The collector stays on (a job's garbage is still freed) and
the process's own thresholds come back when the last such job in it ends. The thresholds are the
process's, so requests served beside a running import get the same, harmlessly, for its duration.
"""
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

BULK_THRESHOLD = 100_000

_lock = threading.Lock()
_running = 0
_saved: tuple[int, ...] = ()


@contextmanager
def fewer_collections() -> Iterator[None]:
    global _running, _saved
    with _lock:
        if _running == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(BULK_THRESHOLD, _saved[0]), *_saved[1:])
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                gc.set_threshold(*_saved)
