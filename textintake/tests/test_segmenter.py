"""jieba's tables kept in one file after the first reading: a later process reads the same."""
import json
import os
import subprocess
import sys

from textintake.tests.conftest import FIXTURES

READ = ("import json, sys, textintake; "
        "print(json.dumps(textintake.extract(open(sys.argv[1], encoding='utf-8').read()), ensure_ascii=False))")


def test_a_process_reading_the_kept_tables_reads_as_one_that_built_them(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}  # a cache folder of its own: nothing kept yet
    page = FIXTURES / "seed_page.txt"

    def read():
        done = subprocess.run([sys.executable, "-c", READ, str(page)], env=env, capture_output=True,
                              text=True, check=True, timeout=120)
        return json.loads(done.stdout)

    built = read()
    kept = list((tmp_path / "textintake").glob("textintake-jieba-*.marshal"))
    assert kept
    again = read()
    assert again == built and len(built["articles"]) == 8


def test_tables_another_account_could_change_are_not_read(tmp_path):
    from textintake import kept

    planted = tmp_path / "textintake-jieba-0.marshal"
    planted.write_bytes(b"\x00")
    planted.chmod(0o666)  # anyone may write it: it might not be what intake wrote
    assert not kept.trusted(planted)
    planted.chmod(0o644)
    assert kept.trusted(planted)


def test_the_quick_route_cuts_every_report_as_jieba_does():
    from textintake import lexicon, segmenter

    pseg = lexicon._posseg()
    jieba = lexicon._jieba_state["jieba"]
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))]
    texts += ["5G网络和AI平台2026年 12.5% x\r\ny", "Ｈello世界", "  "]
    for text in texts:
        assert segmenter.cut(jieba, pseg, text) == [(w.word, w.flag) for w in pseg.cut(text, HMM=False)]
