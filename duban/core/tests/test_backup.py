import os
import sqlite3
import stat
import subprocess
import tarfile

import pytest

from duban.cli.main import main
from duban.core.logkey import key_path, log_key
from duban.core.models import Event
from duban.tasks import services as svc
from duban.tasks.services.evidence import MemoryFile

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_backs_up_the_database_and_the_evidence(world, tmp_path, capsys):
    task = world.task(state="in_progress")
    svc.task_report(actor=world.liaison, task_id=task.pk, text="进展", percent=10,
                    evidence=[MemoryFile("现场照片.jpg", b"\xff\xd8 photo")])
    out = tmp_path / "backup.tar.gz"
    assert main(["backup", "--out", str(out)]) == 0
    with tarfile.open(out) as archive:
        names = archive.getnames()
    if "duban.sqlite3" in names:
        with tarfile.open(out) as archive:
            archive.extract("duban.sqlite3", tmp_path)
        with sqlite3.connect(tmp_path / "duban.sqlite3") as copy:
            assert copy.execute("select title from tasks_task").fetchall() == [(task.title,)]
    else:  # a dump pg_restore can read, holding the task table
        with tarfile.open(out) as archive:
            archive.extract("duban.pgdump", tmp_path)
        listing = subprocess.run(["pg_restore", "-l", str(tmp_path / "duban.pgdump")], capture_output=True,
                                 text=True, check=True).stdout
        assert "TABLE DATA public tasks_task" in listing
    assert any(n.startswith("files/evidence/") and n.endswith(".jpg") for n in names)
    assert main(["backup", "--out", str(out)]) == 2
    assert "已存在" in capsys.readouterr().err


def test_it_keeps_the_log_key_in_a_private_file_and_out_of_backups_unless_asked(world, tmp_path, capsys):
    world.task(state="in_progress")
    key = log_key()
    assert stat.S_IMODE(os.stat(key_path()).st_mode) == 0o600
    assert not Event.objects.filter(payload__icontains=key.decode()).exists()
    assert main(["backup", "--out", str(tmp_path / "plain.tar.gz")]) == 0
    assert "不含日志密钥" in capsys.readouterr().out
    with tarfile.open(tmp_path / "plain.tar.gz") as archive:
        assert "log.key" not in archive.getnames()
    assert main(["backup", "--out", str(tmp_path / "with-key.tar.gz"), "--with-log-key"]) == 0
    with tarfile.open(tmp_path / "with-key.tar.gz") as archive:
        assert archive.extractfile("log.key").read().strip() == key
