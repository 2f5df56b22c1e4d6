"""Loads and runs started from the web go on in a thread after the request; their pages poll.

A run is a row, so its progress is there. A load has no row until it succeeds (nothing is written
before every row passed), so its progress lives in this process's memory, keyed by the upload.
"""
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from duban.analytics.models import Run, RunState
from duban.analytics.services import run_execute
from duban.core import clock

log = logging.getLogger("duban.analytics")
LOADS: dict[str, dict] = {}


def load_in_background(token: str, **load_args) -> None:
    LOADS[token] = {"state": "running", "stage": "read", "done": 0, "total": 0}
    if getattr(settings, "ANALYTICS_RUNS_INLINE", False):
        _load(token, load_args)
        return
    threading.Thread(target=_load_in_thread, args=(token, load_args), daemon=True, name="analytics-load").start()


def _load_in_thread(token: str, load_args: dict) -> None:
    close_old_connections()
    try:
        _load(token, load_args)
    finally:
        connection.close()


def _load(token: str, load_args: dict) -> None:
    from duban.analytics.loading import source_load
    from duban.core.errors import DomainError

    def progress(stage: str, done: int, total: int) -> None:
        LOADS[token].update(stage=stage, done=done, total=total)

    try:
        source = source_load(progress=progress, **load_args)
        LOADS[token].update(state="done", source_id=source.pk, rows=source.row_count)
    except DomainError as exc:
        LOADS[token].update(state="failed", error=exc.message)
    except Exception:  # the page shows a sentence; the log keeps the trace
        log.exception("analytics load %s failed", token)
        LOADS[token].update(state="failed", error="载入时发生内部错误，数据未写入")


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
