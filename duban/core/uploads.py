"""Uploaded files are working copies: removed once no one can need them any more.

A ledger to import or a file to analyse is stored under DUBAN_HOME while its preview may still be
confirmed, its columns mapped or its load's outcome read. The sweep removes every file of those
folders left untouched for UPLOAD_KEEP, except the ones a running job holds; each app names its
folder and how to tell the files held (`register_uploads`, from its AppConfig.ready). Without this
the folders only ever grew: a 100 MB upload a day is 36 GB a year.
"""
import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

log = logging.getLogger("duban.uploads")
UPLOAD_KEEP = dt.timedelta(days=7)
_FOLDERS: dict[str, Callable[[], set[str]]] = {}


def register_uploads(folder: str, held: Callable[[], set[str]]) -> None:
    """`folder` (under DUBAN_HOME) holds uploads; `held()` names the files in it a running job uses."""
    _FOLDERS[folder] = held


def prune_uploads() -> int:
    """Remove the uploads untouched for UPLOAD_KEEP and held by no running job; how many were removed.

    File times are the file system's, so the cut-off is the machine's time, not the clock's."""
    cutoff = time.time() - UPLOAD_KEEP.total_seconds()
    removed = 0
    for name, held in _FOLDERS.items():
        folder = Path(settings.DUBAN_HOME) / name
        if not folder.is_dir():
            continue
        keep = held()
        for path in folder.iterdir():
            try:
                if path.is_file() and path.name not in keep and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # another process removed it first
                continue
    if removed:
        log.info("removed %s uploads untouched for %s days", removed, UPLOAD_KEEP.days)
    return removed
