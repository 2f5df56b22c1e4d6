"""Throughput of textintake.extract after loading, against a plain regex pass over the same text,
and the one-off loading time a process pays before its first report.

usage: python bench/bench_intake.py [repeats]
"""
import datetime as dt
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import textintake  # noqa: E402
from textintake import lexicon  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "textintake" / "tests" / "fixtures"


def corpus():
    return [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))]


def loading(text):
    """The one-off cost a process pays before its first report: jieba's dictionary, the word lists
    and the gazetteer, timed by the clock on the wall (what a user waits) and by CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    textintake.extract(text)
    return time.perf_counter() - wall, time.process_time() - cpu


def timed(texts, repeats):
    # CPU time of this process: the figure is per core, whatever else the machine runs
    started = time.process_time()
    for _ in range(repeats):
        # per-clause jieba caches would make repeated text look faster than new text is
        lexicon.tokens.cache_clear()
        lexicon.person_tokens.cache_clear()
        for text in texts:
            textintake.extract(text, date=dt.date(2026, 3, 31))
    return time.process_time() - started


def main(repeats, rounds=3):
    texts = corpus()
    load_wall, load_cpu = loading(texts[0])  # jieba, word lists and gazetteer load once, outside the timing
    chars = sum(len(t) for t in texts) * repeats
    # the fastest of a few rounds: other processes on the machine only ever slow a round down
    seconds = min(timed(texts, repeats) for _ in range(rounds))
    words = re.compile(r"[\u4e00-\u9fff]+|\S+")
    base_start = time.process_time()
    for _ in range(repeats):
        for text in texts:
            words.findall(text)
            text.split()
    base = time.process_time() - base_start
    print(f"{'pass':12} {'chars':>10} {'seconds':>9} {'chars/s':>12}")
    print(f"{'extract':12} {chars:>10} {seconds:>9.3f} {chars / seconds:>12,.0f}")
    print(f"{'regex split':12} {chars:>10} {base:>9.3f} {chars / base:>12,.0f}")
    print(f"extract takes {seconds / base:.0f}× the time of the plain pass "
          f"({len(texts)} texts, fastest of {rounds} rounds)")
    print(f"loading (once per process, first report included): {load_wall:.2f} s on the wall clock, "
          f"{load_cpu:.2f} s of CPU")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
