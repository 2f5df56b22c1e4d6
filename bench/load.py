"""Concurrent clients against a real `duban serve` on the benchmark's own database: latency
percentiles of an API read beside a static file served by the same server, one process (waitress)
or `--workers N` (gunicorn's processes)."""
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`duban serve [--workers N]` in a child process with this process's environment (same
    DUBAN_HOME and DATABASE_URL, so the same database)."""

    def __init__(self, workers: int = 1):
        self.port, self.workers = _free_port(), workers
        duban = Path(sys.executable).with_name("duban")
        self.process = subprocess.Popen([str(duban), "serve", "--port", str(self.port), "--workers", str(workers)],
                                        cwd=ROOT,
                                        env=os.environ.copy(), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)  # waitress logs its queue depth
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/static/web/duban.css"), timeout=5).read()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("duban serve did not answer within two minutes")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def hammer(server: Server, path: str, *, token: str, clients: int, each: int) -> dict:
    """`clients` threads, each sending `each` requests one after the other; every answer must be 200.
    One round first, not counted (every client once, at once, so each worker process gets some):
    a serving process has its caches (OpenAPI, calendar) warm."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    headers = {"Authorization": f"Bearer {token}"}

    def client(each=each):
        for _ in range(each):
            request = urllib.request.Request(server.url(path), headers=headers)
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=300) as response:
                    response.read()
                    ok = response.status == 200
            except OSError as exc:
                ok, exc_text = False, str(exc)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed) if ok else failures.append(exc_text)

    _together(clients, lambda: client(1))
    latencies.clear()
    started = time.perf_counter()
    _together(clients, client)
    wall = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} requests to {path} failed, e.g. {failures[0]}")
    cuts = statistics.quantiles(latencies, n=100)
    return {"p50": statistics.median(latencies), "p99": cuts[98], "per_second": len(latencies) / wall,
            "requests": len(latencies)}


def _together(clients: int, fn) -> None:
    threads = [threading.Thread(target=fn) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
