"""`duban serve --workers N`: a process per core, each answering; stopped whole by one signal."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif("postgres" in os.environ.get("DATABASE_URL", ""), reason="database-agnostic: once")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _answer(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except OSError:
        return None


def test_it_serves_from_as_many_processes_as_asked_and_stops_them_all(tmp_path):
    env = {**os.environ, "DUBAN_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "duban.cli.main", "serve", "--workers", "2", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while _answer(f"http://127.0.0.1:{port}/login/") != 200:
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, "duban serve --workers 2 did not answer within two minutes"
            time.sleep(0.3)
        workers = _children(server.pid)
        assert len(workers) == 2
        # Requests in a row, each to whichever worker the kernel hands the connection: all answered.
        assert all(_answer(f"http://127.0.0.1:{port}/login/") == 200 for _ in range(20))
        os.kill(workers[0], signal.SIGKILL)  # a worker that dies is replaced
        deadline = time.monotonic() + 30
        while len(_children(server.pid)) < 2 or workers[0] in _children(server.pid):
            assert time.monotonic() < deadline, "the dead worker was not replaced"
            time.sleep(0.2)
        assert _answer(f"http://127.0.0.1:{port}/login/") == 200
        remaining = _children(server.pid)
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0]
    assert server.returncode == 0, output
    assert "运行于" in output
    assert not any(Path(f"/proc/{pid}").exists() for pid in remaining), "workers outlived the server"


@pytest.mark.parametrize(("option", "value", "refusal"), [
    ("--workers", "0", "--workers 应为 1 到 64 之间的整数，收到“0”"),
    ("--threads", "many", "--threads 应为 1 到 256 之间的整数，收到“many”"),
    ("--port", "70000", "--port 应为 1 到 65535 之间的整数，收到“70000”"),
])
def test_it_refuses_a_number_out_of_range_naming_the_option(tmp_path, option, value, refusal):
    env = {**os.environ, "DUBAN_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "duban.cli.main", "serve", option, value], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert refusal in done.stderr and "Traceback" not in done.stderr
