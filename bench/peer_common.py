"""What both peer drivers share (bench/peer_trac.py, bench/peer_roundup.py); standard library only,
since it runs inside each peer's own venv."""
import datetime as dt
import statistics
import time

EPOCH = dt.date(1970, 1, 1)


def epoch_us(day: dt.date) -> int:
    """Microseconds since the epoch at midnight UTC: how Trac stores times."""
    return (day - EPOCH).days * 86_400_000_000


def median_time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result
