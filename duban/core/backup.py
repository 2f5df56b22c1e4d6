"""One archive holding the database and the stored files, taken while duban runs."""
import datetime as dt
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

from duban.core.errors import DomainError
from duban.core.logkey import key_path, log_key


def _dump_database(folder: Path) -> Path:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        target = folder / "duban.sqlite3"
        connection.ensure_connection()
        # The online backup API copies a consistent snapshot even while others write.
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return target
    if connection.vendor == "postgresql":
        if not shutil.which("pg_dump"):
            raise DomainError("找不到 pg_dump：请安装 PostgreSQL 客户端后再备份")
        target = folder / "duban.pgdump"
        env = {"PGPASSWORD": db.get("PASSWORD") or ""}
        args = ["pg_dump", "-Fc", "-f", str(target), "-h", db.get("HOST") or "localhost",
                "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres", db["NAME"]]
        result = subprocess.run(args, env=env, capture_output=True, text=True)
        if result.returncode:
            raise DomainError(f"pg_dump 失败：{result.stderr.strip()[:300]}")
        return target
    raise DomainError(f"不支持备份 {connection.vendor} 数据库")


def backup(out: Path, *, include_log_key: bool = False) -> dict:
    """Write a .tar.gz with the database snapshot and DUBAN_HOME/files; returns what it holds.

    The event log's key stays out unless asked for: whoever holds a copy of the database and the key
    together could rewrite the log and make it verify."""
    out = Path(out)
    if out.exists():
        raise DomainError(f"{out} 已存在，请换一个文件名")
    files = Path(settings.MEDIA_ROOT)
    if include_log_key:
        log_key()  # made now if no event was ever written, so the archive has one to hold
    with tempfile.TemporaryDirectory() as tmp:
        dump = _dump_database(Path(tmp))
        with tarfile.open(out, "w:gz") as archive:
            archive.add(dump, arcname=dump.name)
            if files.exists():
                archive.add(files, arcname="files")
            if include_log_key:
                archive.add(key_path(), arcname="log.key")
    count = sum(1 for p in files.rglob("*") if p.is_file()) if files.exists() else 0
    return {"archive": str(out), "database": dump.name, "files": count, "log_key": include_log_key,
            "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
