import datetime as dt

import textintake


def article(fixture_text, name, date=None, **kw):
    return textintake.extract(fixture_text(name), date=date, **kw)["articles"][0]


def test_it_reads_a_web_item_without_masthead(fixture_text):
    art = article(fixture_text, "web_meeting.txt")
    assert art["headline"] == "湖溪县召开安全生产工作推进会"
    assert art["event"]["date"] == "2026-04-08"
    assert art["event"]["chairs"] == ["方立平"]
    assert art["event"]["attendees"] == ["葛文涛", "唐晓蕾"]


def test_it_splits_numbered_directives_and_keeps_their_subjects(fixture_text):
    directives = article(fixture_text, "web_meeting.txt")["directives"]
    titles = [d["title"] for d in directives]
    assert titles[0].startswith("压紧压实责任")
    assert any(t.startswith("聚焦重点行业") for t in titles)
    lead = next(d for d in directives if d["units"] == ["县应急管理局"])
    assert lead["title"].startswith("牵头制定整治方案")
    assert lead["deadline"] == "2026-06-30"


def test_it_turns_a_day_deadline_into_a_date(fixture_text):
    directives = article(fixture_text, "web_meeting.txt")["directives"]
    towns = next(d for d in directives if d["units"] == ["各乡镇"])
    assert towns["deadline"] == "2026-05-15"


def test_it_names_the_leader_of_a_research_visit_as_chair(fixture_text):
    art = article(fixture_text, "research_visit.txt", dt.date(2026, 4, 9))
    assert art["event"]["kind"] == "research"
    assert art["event"]["chairs"] == ["顾明远"]
    assert art["event"]["attendees"] == ["蒋一帆", "孔德欣"]
    assert art["reporters"] == ["邵雨晴", "林可"]
    people = {p["name"]: p["titles"] for p in art["people"]}
    assert people["蒋一帆"] == ["市委常委", "秘书长"]


def test_it_gives_a_place_subject_its_directive(fixture_text):
    directives = article(fixture_text, "research_visit.txt", dt.date(2026, 4, 9))["directives"]
    assert any(d["units"] == ["青桐区"] and d["title"].startswith("切实扛起主体责任") for d in directives)
    assert any(d["deadline"] == "2026-12-31" for d in directives)


def test_it_reads_an_inspection(fixture_text):
    art = article(fixture_text, "inspection.txt", dt.date(2026, 4, 9))
    assert art["event"]["kind"] == "inspection"
    assert art["event"]["chairs"] == ["柏晓东"]
    assert art["event"]["date"] is None  # 近日 names no day
    assert "区水利局" in art["units"]
    water = next(d for d in art["directives"] if d["units"] == ["区水利局"])
    assert water["deadline"] == "2026-05-31"


def test_it_reads_a_peoples_congress_session(fixture_text):
    art = article(fixture_text, "congress.txt", dt.date(2026, 2, 4))
    assert art["event"]["name"] == "市十六届人民代表大会第五次会议"
    assert art["event"]["date"] == "2026-02-03"
    assert art["event"]["chairs"] == ["孟庆安"]
    assert "市人民政府工作报告" in art["event"]["documents"]


def test_it_reads_a_broadcast_transcript_without_headline(fixture_text):
    art = article(fixture_text, "broadcast.txt", dt.date(2026, 1, 12))
    assert art["event"]["chairs"] == ["邬启航"]
    assert art["event"]["date"] == "2026-01-12"  # 今天 is the broadcast day
    dept = next(d for d in art["directives"] if d["units"] == ["各部门"])
    assert dept["deadline"] == "2026-03-31"


def test_it_uses_the_known_unit_directory(fixture_text):
    text = "区里召开会议\n\n本报讯 8日，区里召开会议。会议要求，青禾片区联络站要在6月底前完成走访。"
    art = textintake.extract(text, date=dt.date(2026, 4, 9), known_units=["青禾片区联络站"])["articles"][0]
    assert "青禾片区联络站" in art["units"]
    assert art["directives"][0]["units"] == ["青禾片区联络站"]


def test_it_opens_no_directive_on_words_that_merely_contain_yao():
    text = "会议召开\n\n本报讯 8日，会议召开。会议听取了重要情况汇报，明确主要任务和需要解决的问题。"
    art = textintake.extract(text, date=dt.date(2026, 4, 9))["articles"][0]
    assert art["directives"] == []


def test_it_returns_no_articles_for_text_without_one():
    assert textintake.extract("") == {"articles": []}
    assert textintake.extract("热线电话 82987136\n\n投稿邮箱 a@b.cn") == {"articles": []}
    assert textintake.extract("\x00\x01 ???") == {"articles": []}
