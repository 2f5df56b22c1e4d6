"""The analytical store: one DuckDB file under DUBAN_HOME, one table per source.

Extensions stay off and the engine reads no files of its own: rows arrive as Arrow tables that
Python decoded and checked, so nothing is downloaded or parsed behind the loader's back. DuckDB
allows one writing process per file, so a connection is opened per operation and closed at once.
"""
import contextlib
import time
from pathlib import Path

import duckdb
import pyarrow as pa
from django.conf import settings

from duban.core.errors import DomainError

CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False,
          "allow_community_extensions": False, "enable_external_access": False}
LOCK_WAIT_SECONDS = 20


def path() -> Path:
    return Path(settings.DUBAN_HOME) / "analytics.duckdb"


@contextlib.contextmanager
def connect():
    """Always the same mode and settings: DuckDB shares one open database between the threads of a
    process only when every connection asks for the same configuration."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            con = duckdb.connect(str(path()), config=dict(CONFIG))
            break
        except (duckdb.IOException, duckdb.ConnectionException):
            # Another process (the web server or a command) holds the file for a moment.
            if time.monotonic() > deadline:
                raise DomainError("分析库正被其他操作占用，请稍后再试") from None
            time.sleep(0.2)
    try:
        yield con
    finally:
        con.close()


def replace_table(con, table: str, rows: pa.Table) -> None:
    """Call inside the caller's BEGIN … COMMIT: the old rows stay until the new ones are all in."""
    con.register("incoming", rows)
    con.execute(f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM incoming')
    con.unregister("incoming")


def fetch_rows(table: str, row_nos: list[int], limit: int = 500) -> tuple[list[str], list[tuple]]:
    """The records behind a lead, in file order."""
    if not row_nos:
        return [], []
    with connect() as con:
        con.register("wanted", pa.table({"row_no": pa.array(sorted(row_nos)[:limit], pa.int64())}))
        cursor = con.execute(f'SELECT t.* FROM "{table}" t JOIN wanted USING (row_no) ORDER BY row_no')
        return [d[0] for d in cursor.description], cursor.fetchall()
