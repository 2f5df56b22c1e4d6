"""The command line: counts by kind as JSON, and the same numbers again on a second run (all zero)."""
import datetime as dt
import json

from duban.cli.main import main
from duban.core import clock

D = dt.date


def test_it_prints_the_sweep_counts_as_json_and_nothing_the_second_time(world, capsys):
    with clock.travel(D(2026, 1, 5)):
        world.task(state="in_progress", deadline=D(2026, 2, 26))
    assert main(["sweep", "--today", "2026-02-26", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["sweep", "--today", "2026-02-26", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert first["urges"] == 1
    assert set(first) == {"reminders", "urges", "notices", "escalations", "rechecks", "stale"}
    assert set(second.values()) == {0}


def test_it_refuses_a_bad_date_in_chinese(world, capsys):
    assert main(["sweep", "--today", "2026-02-30"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_it_exports_the_calendar_of_a_user(world, capsys):
    with clock.travel(D(2026, 1, 5)):
        world.task(state="in_progress", deadline=D(2026, 2, 26))
    assert main(["calendar", "export", "--as", "liaison"]) == 0
    assert "DTSTART;VALUE=DATE:20260226" in capsys.readouterr().out


def test_it_writes_a_quarter_bulletin_and_prints_a_notice(world, capsys, tmp_path):
    import docx

    from duban.supervision.models import Notice

    with clock.travel(D(2026, 1, 5)):
        task = world.task(state="in_progress", deadline=D(2026, 2, 26))
    assert main(["sweep", "--today", "2026-03-05"]) == 0
    out = tmp_path / "q1.docx"
    with clock.travel(D(2026, 4, 2)):
        assert main(["report", "bulletin", "--period", "2026-Q1", "--number", "钱督通〔2026〕7号",
                     "--as", "supervisor", "--out", str(out)]) == 0
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "钱督通〔2026〕7号" in text and "2026年第一季度" in text
    number = Notice.objects.get(task=task).number
    assert main(["report", "notice", number, "--as", "liaison", "--out", str(tmp_path / "n.docx")]) == 0
    capsys.readouterr()
    assert main(["report", "notice", number, "--as", "outsider", "--out", str(tmp_path / "x.docx")]) == 2
    assert "不存在" in capsys.readouterr().err
    assert main(["report", "bulletin", "--period", "2026-Q9", "--out", str(out)]) == 2
    assert "期间应为" in capsys.readouterr().err
