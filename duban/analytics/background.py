"""Runs started from the web go on in a thread after the request; the run page polls the row."""
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from duban.analytics.models import Run, RunState
from duban.analytics.services import run_execute
from duban.core import clock

log = logging.getLogger("duban.analytics")


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
