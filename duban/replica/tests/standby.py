"""A PostgreSQL streaming replica of the test server, started on loopback for the replica tests."""
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time

from django.db import connections


def _pgbin() -> str:
    return sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))[-1]


def _as_postgres(*cmd: str) -> list[str]:
    # The server refuses to run as root: as root, run it as the postgres user, as the test server is.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Standby:
    """pg_basebackup -R of the primary the tests run on, then a hot standby streaming from it."""

    def __init__(self):
        primary = connections["default"].settings_dict
        self.host, self.primary_port = primary["HOST"] or "127.0.0.1", str(primary["PORT"] or 5432)
        self.dir = tempfile.mkdtemp(prefix="duban-standby-")
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.port = _free_port()
        self.data = os.path.join(self.dir, "data")
        self.running = False

    def start(self) -> None:
        bin_ = _pgbin()
        subprocess.run(_as_postgres(f"{bin_}/pg_basebackup", "-h", self.host, "-p", self.primary_port,
                                    "-U", primary_user(), "-D", self.data, "-R", "-X", "stream",
                                    "--checkpoint=fast"), check=True, capture_output=True)
        # a hot standby refuses to start with fewer connections than its primary allows
        with connections["default"].cursor() as cursor:
            cursor.execute("SHOW max_connections")
            max_connections = cursor.fetchone()[0]
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c hot_standby=on -c fsync=off"
                   f" -c max_connections={max_connections}")
        log = os.path.join(self.dir, "log")
        started = subprocess.run(_as_postgres(f"{bin_}/pg_ctl", "-D", self.data, "-l", log, "-w", "-t", "60",
                                              "-o", options, "start"), capture_output=True)
        if started.returncode:
            raise RuntimeError(f"the standby did not start: {open(log).read()[-2000:]}")
        self.running = True

    def stop(self) -> None:
        if self.running:
            subprocess.run(_as_postgres(f"{_pgbin()}/pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"),
                           check=False, capture_output=True)
            self.running = False

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def settings_dict(self) -> dict:
        """The test database's connection settings, pointed at the standby."""
        replica = dict(connections["default"].settings_dict)
        replica.update(PORT=str(self.port), OPTIONS={"connect_timeout": 2}, CONN_MAX_AGE=0,
                       TEST={**replica.get("TEST", {}), "MIRROR": "default"})
        return replica


def primary_user() -> str:
    return connections["default"].settings_dict["USER"] or "postgres"


def wait_replayed(timeout: float = 30) -> None:
    """Until the standby has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError(f"the standby did not replay up to {target} in {timeout} s")
