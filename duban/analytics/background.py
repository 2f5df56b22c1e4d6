"""Loads and runs started from the web go on in a thread after the request; their pages poll.

A run is a row, so its progress is there. A load has no row until it succeeds (nothing is written
before every row passed), so its progress is a small file beside the upload (core.progress), which
whichever serving process answers the page's poll reads.
"""
import logging
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection

from duban.analytics.models import Run, RunState
from duban.analytics.services import run_execute
from duban.core import clock
from duban.core.progress import progress_read, progress_write

log = logging.getLogger("duban.analytics")
STARTED = {"state": "running", "stage": "read", "done": 0, "total": 0}  # a load's state before its first row
STALE_LOAD_SECONDS = 24 * 3600  # a running load writes its progress often; one silent this long has died


def load_status(upload: Path) -> dict | None:
    """The load of `upload` as its page shows it: state (running, done, failed), stage and counts,
    then the source or the error; None when no load of it was started."""
    return progress_read(_status_file(upload))


UPLOADS = "analytics-uploads"  # under DUBAN_HOME: the files uploaded for analysis, pruned by the sweep


def uploads_held() -> set[str]:
    """The uploads whose load is running, with their status files: kept by the sweep's pruning. A
    load that died with its process says "running" for ever; silent for a day, it holds nothing."""
    held = set()
    folder = Path(settings.DUBAN_HOME) / UPLOADS
    for status in folder.glob("*.load.json") if folder.is_dir() else ():
        if (progress_read(status) or {}).get("state") == STARTED["state"] and _recent(status):
            held.update({status.name, status.name.removesuffix(".load.json")})
    return held


def _recent(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime < STALE_LOAD_SECONDS
    except FileNotFoundError:
        return False


def _status_file(upload: Path) -> Path:
    return upload.with_name(upload.name + ".load.json")


def load_in_background(upload: Path, **load_args) -> None:
    progress_write(_status_file(upload), STARTED)  # before the thread: the page's first poll finds it
    if getattr(settings, "ANALYTICS_RUNS_INLINE", False):
        _load(upload, load_args)
        return
    threading.Thread(target=_load_in_thread, args=(upload, load_args), daemon=True, name="analytics-load").start()


def _load_in_thread(upload: Path, load_args: dict) -> None:
    close_old_connections()
    try:
        _load(upload, load_args)
    finally:
        connection.close()


def _load(upload: Path, load_args: dict) -> None:
    from duban.analytics.loading import source_load
    from duban.core.errors import DomainError

    status = dict(STARTED)

    def tell(**changes) -> None:
        status.update(changes)
        progress_write(_status_file(upload), status)

    try:
        source = source_load(progress=lambda stage, done, total: tell(stage=stage, done=done, total=total),
                             path=upload, **load_args)
        tell(state="done", source_id=source.pk, rows=source.row_count)
    except DomainError as exc:
        tell(state="failed", error=exc.message)
    except Exception:  # the page shows a sentence; the log keeps the trace
        log.exception("analytics load of %s failed", upload.name)
        tell(state="failed", error="载入时发生内部错误，数据未写入")


def run_in_background(run: Run) -> None:
    if getattr(settings, "ANALYTICS_RUNS_INLINE", False):
        _execute(run.pk)
        return
    threading.Thread(target=_in_thread, args=(run.pk,), daemon=True, name=f"analytics-run-{run.pk}").start()


def _in_thread(run_id: int) -> None:
    close_old_connections()
    try:
        _execute(run_id)
    finally:
        connection.close()  # this thread's own connection would otherwise outlive the run


def _execute(run_id: int) -> None:
    try:
        run_execute(run_id=run_id)
    except Exception:  # the page shows a sentence; the log keeps the trace
        log.exception("analytics run %s failed", run_id)
        Run.objects.filter(pk=run_id).update(state=RunState.FAILED, finished_at=clock.now(),
                                             result={"error": "运行时发生内部错误，未生成疑点"})
