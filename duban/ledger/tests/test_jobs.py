"""An import job's live counters reach whichever serving process the page's poll lands on."""
from pathlib import Path

from duban.core import clock
from duban.ledger import jobs
from duban.ledger.importer import ImportResult
from duban.ledger.models import ImportJob, JobState


def test_the_counters_of_a_running_import_are_read_from_outside_the_process_memory(world, tmp_path,
                                                                                     monkeypatch, settings):
    settings.DUBAN_HOME = str(tmp_path)
    job = ImportJob.objects.create(user=world.supervisor, stored_path=str(tmp_path / "l.xlsx"), file_name="l.xlsx",
                                   programme="", dry_run=False, created_at=clock.now(), updated_at=clock.now())
    seen = []

    def importing(*, progress, **_):
        progress("write", 4000, 10000)
        # What a poll answered by another worker reads: the row says "running", the file the counters.
        seen.append(jobs.job_status(ImportJob.objects.get(pk=job.pk)))
        progress("write", 5000, 10000)
        seen.append(jobs.job_status(ImportJob.objects.get(pk=job.pk)))
        return ImportResult()

    monkeypatch.setattr(jobs, "ledger_import", importing)
    jobs.job_run(job.pk)

    assert [(s["stage"], s["done"], s["total"]) for s in seen] == [("write", 4000, 10000), ("write", 5000, 10000)]
    assert all(s["state"] == JobState.RUNNING for s in seen)
    job.refresh_from_db()
    assert jobs.job_status(job)["state"] == JobState.DONE
    assert not list(Path(tmp_path, "imports").glob("job-*")), "the counters' file goes when the job ends"


def test_a_damaged_counters_file_falls_back_to_the_row(world, tmp_path, settings):
    settings.DUBAN_HOME = str(tmp_path)
    job = ImportJob.objects.create(user=world.supervisor, stored_path="x", file_name="l.xlsx", programme="",
                                   dry_run=False, state=JobState.RUNNING, stage="read", created_at=clock.now(),
                                   updated_at=clock.now())
    jobs._progress_file(job.pk).write_text("{not json")
    assert jobs.job_status(job) == {"state": JobState.RUNNING, "stage": "read", "done": 0, "total": 0}
