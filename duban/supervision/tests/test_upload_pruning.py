"""Uploads are working copies: the sweep removes those no one touched for a week, never one a job is using."""
import os
import time

from duban.analytics.background import STARTED
from duban.core import clock
from duban.core.progress import progress_write
from duban.ledger.models import ImportJob, JobState
from duban.supervision.sweep import sweep

WEEK_AND_A_DAY = 8 * 86400


def _file(folder, name: str, *, age: float = WEEK_AND_A_DAY, body: bytes = b"PK"):
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(body)
    os.utime(path, (time.time() - age, time.time() - age))
    return path


def _job(world, path, state) -> ImportJob:
    return ImportJob.objects.create(user=world.supervisor, stored_path=str(path), file_name=path.name, state=state,
                                    created_at=clock.now(), updated_at=clock.now())


def test_the_sweep_removes_uploads_left_a_week_and_keeps_those_in_use_or_recent(world, settings, tmp_path):
    settings.DUBAN_HOME = str(tmp_path)
    ledgers, analysed = tmp_path / "imports", tmp_path / "analytics-uploads"
    forgotten = _file(ledgers, "forgotten.xlsx")
    imported = _file(ledgers, "imported.xlsx")
    _job(world, imported, JobState.DONE)
    importing = _file(ledgers, "importing.xlsx")
    _job(world, importing, JobState.RUNNING)
    yesterday = _file(ledgers, "yesterday.xlsx", age=86400)
    loaded = _file(analysed, "loaded.csv")
    loaded_status = analysed / "loaded.csv.load.json"
    progress_write(loaded_status, {"state": "done", "source_id": 1})
    os.utime(loaded_status, (time.time() - WEEK_AND_A_DAY,) * 2)
    loading = _file(analysed, "loading.csv")
    progress_write(analysed / "loading.csv.load.json", STARTED)  # a load still writing its progress
    dead = _file(analysed, "dead.csv")
    dead_status = analysed / "dead.csv.load.json"
    progress_write(dead_status, STARTED)  # its process died mid-load two days ago
    os.utime(dead_status, (time.time() - 2 * 86400,) * 2)

    sweep()

    assert not forgotten.exists() and not imported.exists() and not loaded.exists() and not loaded_status.exists()
    assert importing.exists() and yesterday.exists() and loading.exists()
    assert not dead.exists() and dead_status.exists()  # the upload aged out; its status is two days old
