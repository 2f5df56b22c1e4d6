"""Web imports run in a thread after the upload; the page polls the job.

While the write transaction is open no other connection may write (SQLite holds one writer), so
progress inside it is kept in a small file beside the upload, which every serving process reads (a
poll may reach another worker than the one running the job); the row records each phase and the result.
"""
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.translation import gettext

from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.core.progress import progress_read, progress_write
from duban.core.uploads import UPLOAD_KEEP
from duban.ledger.importer import ledger_import
from duban.ledger.models import ImportJob, JobState
from duban.ledger.reader import MAX_FILE_BYTES

STALE_SECONDS = 30 * 60
UPLOADS = "imports"  # under DUBAN_HOME: uploaded ledgers and their jobs' counters, pruned by the sweep


def _folder() -> Path:
    folder = Path(settings.DUBAN_HOME) / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _progress_file(job_id: int) -> Path:
    return _folder() / f"job-{job_id}.progress.json"


def _progress_read(job_id: int) -> tuple[str, int, int] | None:
    live = progress_read(_progress_file(job_id))
    try:
        return (str(live["stage"]), int(live["done"]), int(live["total"])) if live else None
    except (KeyError, TypeError, ValueError):
        return None


def uploads_held() -> set[str]:
    """The uploads (and counters files) of the jobs still queued or running: kept by the sweep's pruning."""
    held = set()
    for pk, stored in ImportJob.objects.filter(state__in=[JobState.QUEUED, JobState.RUNNING]).values_list(
            "pk", "stored_path"):
        held.update({Path(stored).name, _progress_file(pk).name})
    return held


def jobs_of(user, most: int = 10) -> list[ImportJob]:
    """`user`'s latest import jobs, newest first, for the ledger page."""
    return list(ImportJob.objects.filter(user=user)[:most])


def job_of(user, job_id: int) -> ImportJob:
    """`user`'s own import job; anyone else's is as missing as one that never was."""
    job = ImportJob.objects.filter(pk=job_id, user=user).first()
    if job is None:
        raise NotFound(gettext("没有这个导入任务"))
    return job


def preview_confirm(*, user, preview: ImportJob) -> ImportJob:
    """Import what a preview checked: only a finished dry run with no errors, and only while its
    file is still kept (the sweep removes uploads a week old)."""
    if not (preview.dry_run and preview.state == JobState.DONE and not preview.result.get("errors")):
        raise NotFound(gettext("该预检不能确认导入"))
    if not Path(preview.stored_path).is_file():
        raise DomainError(gettext("这次预检的台账文件上传已超过%(days)s天，已清理，请重新上传后再预检导入")
                          % {"days": UPLOAD_KEEP.days})
    return job_start(user=user, path=preview.stored_path, file_name=preview.file_name,
                     programme=preview.programme, dry_run=False, preview=preview)


def store_upload(upload) -> Path:
    if upload.size > MAX_FILE_BYTES:
        raise DomainError(gettext("文件过大，上限为%(most)sMB") % {"most": MAX_FILE_BYTES // 1024 // 1024})
    folder = _folder()
    path = folder / f"{uuid.uuid4().hex}.xlsx"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def job_start(*, user, path: Path, file_name: str, programme: str, dry_run: bool, preview=None) -> ImportJob:
    now = clock.now()
    job = ImportJob.objects.create(user=user, stored_path=str(path), file_name=file_name, programme=programme,
                                   dry_run=dry_run, preview=preview, created_at=now, updated_at=now)
    if getattr(settings, "LEDGER_JOBS_INLINE", False):
        job_run(job.pk)
    else:
        threading.Thread(target=_in_thread, args=(job.pk,), daemon=True, name=f"ledger-import-{job.pk}").start()
    return job


def _in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        job_run(job_id)
    finally:
        # This thread's own connection: left open it would outlive the job (and block a test teardown).
        connection.close()


def job_run(job_id: int) -> None:
    job = ImportJob.objects.get(pk=job_id)
    _save(job, state=JobState.RUNNING, stage="read")

    def progress(stage: str, done: int, total: int) -> None:
        progress_write(_progress_file(job_id), {"stage": stage, "done": done, "total": total})

    try:
        result = ledger_import(actor=job.user, path=job.stored_path, programme=job.programme or None,
                               dry_run=job.dry_run, progress=progress)
        data = {**result.as_dict(), "flags": result.flags[:200], "written": result.written}
        _save(job, state=JobState.DONE, stage="done", result=data)
    except DomainError as exc:
        _save(job, state=JobState.FAILED, stage="done", result={"errors": [exc.message]})
    except Exception:  # the user sees a refusal; the server log keeps the trace
        import logging

        logging.getLogger("duban.ledger").exception("ledger import job %s failed", job_id)
        _save(job, state=JobState.FAILED, stage="done", result={"errors": ["导入时发生内部错误，数据库未改动"]})
    finally:
        _progress_file(job_id).unlink(missing_ok=True)


def _save(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.updated_at = clock.now()
    job.save(update_fields=[*fields, "updated_at"])


def job_status(job: ImportJob) -> dict:
    """What the page shows: the live counters while the job runs (in whichever process), else the row."""
    live = _progress_read(job.pk) if job.state in (JobState.QUEUED, JobState.RUNNING) else None
    if live:
        stage, done, total = live
        return {"state": JobState.RUNNING, "stage": stage, "done": done, "total": total}
    running = job.state in (JobState.QUEUED, JobState.RUNNING)
    if running and (clock.now() - job.updated_at).total_seconds() > STALE_SECONDS:
        # The process running it was restarted: one transaction, so nothing was written.
        _save(job, state=JobState.FAILED, result={"errors": ["导入进程已中断，数据库未改动，请重新上传"]})
    return {"state": job.state, "stage": job.stage, "done": job.done, "total": job.total}
