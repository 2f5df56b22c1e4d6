import datetime as dt
import json

import textintake
from textintake.tests.conftest import FIXTURES
from textintake.tests.scoring import field_f1, mean_f1


def seed():
    text = (FIXTURES / "seed_page.txt").read_text(encoding="utf-8")
    gold = json.loads((FIXTURES / "seed_gold.json").read_text(encoding="utf-8"))
    return text, gold


def test_it_reaches_the_quality_bar_on_the_seed_page():
    text, gold = seed()
    result = textintake.extract(text)
    assert mean_f1(gold, result) >= 0.99, field_f1(gold, result)


def test_it_skips_the_masthead_and_finds_every_article():
    text, gold = seed()
    headlines = [a["headline"] for a in textintake.extract(text)["articles"]]
    assert headlines == [a["headline"] for a in gold["articles"]]


def test_it_mends_a_name_list_broken_across_columns():
    text, _ = seed()
    first = textintake.extract(text)["articles"][0]
    assert first["event"]["attendees"] == ["张蕙娜", "钟建利"]


def test_it_reads_day_only_dates_against_the_masthead_or_the_given_date():
    text, _ = seed()
    by_masthead = textintake.extract(text)["articles"][0]["event"]["date"]
    by_argument = textintake.extract(text, date=dt.date(2026, 5, 2))["articles"][0]["event"]["date"]
    assert by_masthead == "2026-03-30"
    assert by_argument == "2026-04-30"  # 30日 after the 2nd of May was in April


def test_it_splits_each_title_of_a_person():
    text, _ = seed()
    people = textintake.extract(text)["articles"][4]["people"]
    chair = next(p for p in people if p["name"] == "张蕙娜")
    assert chair["titles"] == ["新区党工委副书记", "管委会主任", "区委副书记", "区政府党组书记", "区长"]


def test_it_keeps_the_page_a_story_continues_on():
    text, _ = seed()
    assert [a["continued_on"] for a in textintake.extract(text)["articles"]][3:6] == [2, 2, 2]
