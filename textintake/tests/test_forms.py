"""The genre's many forms, each in a text written for these tests: who chaired, who attended,
which event, and each directive's start, subject and deadline."""
import datetime as dt

import textintake


def read(fixture_text, name, date=None):
    return textintake.extract(fixture_text(name), date=date)["articles"]


def directive(art, start):
    return next(d for d in art["directives"] if d["title"].startswith(start))


def test_it_reads_a_state_council_executive_meeting(fixture_text):
    art = read(fixture_text, "state_council.txt", dt.date(2026, 4, 11))[0]
    ev = art["event"]
    assert (ev["name"], ev["date"], ev["chairs"], ev["attendees"]) == (
        "国务院常务会议", "2026-04-10", ["韩立诚"], [])
    assert ev["documents"] == ["城市供水条例（草案）"]
    assert {"name": "韩立诚", "titles": ["国务院总理"]} in art["people"]
    assert directive(art, "坚持规划先行")["units"] == []
    regions = directive(art, "加强协同配合")
    assert (regions["units"], regions["deadline"]) == (["各地区各部门"], "2026-06-30")
    assert directive(art, "把安全作为管网改造的底线")


def test_it_reads_a_provincial_standing_committee_meeting(fixture_text):
    art = read(fixture_text, "province_standing.txt", dt.date(2026, 5, 13))[0]
    ev = art["event"]
    assert (ev["name"], ev["date"], ev["chairs"], ev["attendees"]) == (
        "省委常委会会议", "2026-05-12", ["陆承泽"], [])
    assert art["reporters"] == ["温若溪"]
    # 和 inside one name, and a generic pair joined by 和, stay whole
    assert directive(art, "始终把人民群众")["units"] == ["各级党委和政府"]
    builders = directive(art, "加强在建工程安全管理")
    assert builders["units"] == ["省交通运输厅", "省住房和城乡建设厅"]
    assert builders["deadline"] is None  # 汛期前 names no date
    water = directive(art, "会同省水利厅")
    assert (water["units"], water["deadline"]) == (["省应急管理厅"], "2026-05-31")
    assert directive(art, "坚持预防为主")["title"].endswith("及时转移受威胁群众")
    assert "省住房和城乡建设厅" in art["units"]


def test_it_reads_the_items_a_city_executive_meeting_settled(fixture_text):
    art = read(fixture_text, "city_executive.txt")[0]
    ev = art["event"]
    assert (ev["name"], ev["date"], ev["chairs"]) == ("市政府第58次常务会议", "2026-06-02", ["魏书衡"])
    assert ev["attendees"] == ["贺明川", "沈露", "杜若飞", "冯子墨"]
    assert ev["documents"] == ["市城市更新专项资金管理办法（试行）", "市优化营商环境三年行动方案（2026—2028年）"]
    items = art["directives"]
    assert [d["units"] for d in items] == [["市住房和城乡建设局"], ["市发展改革委"], ["各区政府"]]
    assert [d["deadline"] for d in items] == ["2026-06-30", None, "2026-09-30"]
    assert items[0]["title"] == "会同市财政局，6月底前完成专项资金管理细则的制定工作"


def test_it_reads_a_county_inspection_notice(fixture_text):
    art = read(fixture_text, "county_notice.txt", dt.date(2026, 3, 25))[0]
    assert art["headline"] == "关于全县安全生产大排查大整治专项督查情况的通报"
    ev = art["event"]
    assert (ev["kind"], ev["name"], ev["date"]) == ("inspection", "全县安全生产大排查大整治专项督查", "2026-03-18")
    assert [(d["units"], d["deadline"]) for d in art["directives"]] == [
        (["各乡镇"], "2026-04-15"),
        (["县应急管理局"], None),  # 10个工作日 counts from a day the notice does not name
        (["县市场监管局", "县消防救援大队"], "2026-06-30")]
    assert directive(art, "对照问题清单逐项整改")
    assert {"县政府督查室", "县应急管理局", "县市场监管局", "湖溪县人民政府督查室"} <= set(art["units"])
    assert not [u for u in art["units"] if u.startswith(("各", "个", "重点"))]


def test_it_reads_a_standing_committee_session_and_what_it_reviewed(fixture_text):
    art = read(fixture_text, "standing_session.txt", dt.date(2026, 6, 28))[0]
    ev = art["event"]
    assert (ev["name"], ev["date"], ev["chairs"]) == ("市十六届人大常委会第二十三次会议", "2026-06-26", ["孟庆安"])
    assert ev["attendees"] == ["宋建华", "程丽君", "鲁文博", "邢远", "孔德欣"]
    assert ev["documents"] == [
        "市人民政府关于2025年度市级预算执行和其他财政收支的审计工作报告",
        "市人民政府关于全市生态环境状况和环境保护目标完成情况的报告",
        "市物业管理条例（修订草案）",
        "市人民代表大会常务委员会关于加强经济工作监督的决定"]
    assert art["reporters"] == ["卓文澜", "邝一鸣"]
    gov = directive(art, "在10月底前向常委会报告")
    assert (gov["units"], gov["deadline"]) == (["市人民政府"], "2026-10-31")
    assert {"市监察委员会", "市中级人民法院", "市人民检察院"} <= set(art["units"])


def test_it_reads_a_cppcc_inspection_visit(fixture_text):
    art = read(fixture_text, "cppcc_visit.txt", dt.date(2026, 6, 10))[0]
    ev = art["event"]
    assert (ev["kind"], ev["date"], ev["chairs"]) == ("research", "2026-06-09", ["郑怀远"])
    assert ev["name"] == "视察全市乡村振兴工作"
    assert ev["attendees"] == ["钱雨竹", "安若凡", "尤振东"]
    farm = directive(art, "会同各县区")
    assert (farm["units"], farm["deadline"]) == (["市农业农村局"], "2026-12-31")
    assert directive(art, "聚焦产业振兴")["units"] == []


def test_it_keeps_both_ends_of_stories_continued_across_pages(fixture_text):
    arts = read(fixture_text, "two_pages.txt")
    assert [a["headline"] for a in arts] == ["", "区政府召开防汛工作专题会议", "区人大常委会视察民生实事项目"]
    assert [a["continued_on"] for a in arts] == [None, 3, 4]
    assert [d["units"] for d in arts[0]["directives"]] == [[], ["各级各部门"]]
    assert arts[1]["event"]["date"] == "2026-07-14"  # day-only date read against the masthead
    assert directive(arts[1], "在7月20日前")["deadline"] == "2026-07-20"
    assert (arts[2]["event"]["chairs"], arts[2]["event"]["attendees"]) == (["甘立群"], ["单一鸣"])


def test_it_leaves_a_web_page_footer_out_of_the_report(fixture_text):
    art = read(fixture_text, "web_footer.txt")[0]
    ev = art["event"]
    assert (ev["date"], ev["chairs"]) == ("2026-05-19", ["柯文博"])
    assert ev["attendees"] == ["聂清远", "庞嘉怡", "晏子谦", "全海波"]
    assert [p["name"] for p in art["people"]] == ["聂清远", "柯文博", "庞嘉怡", "晏子谦", "全海波"]
    dev = directive(art, "牵头梳理企业诉求清单")
    assert (dev["units"], dev["deadline"]) == (["区发展改革局"], "2026-06-15")
    allx = directive(art, "抓好会议精神贯彻落实")
    assert (allx["units"], allx["deadline"]) == (["各街道", "各部门"], "2026-09-30")


def test_it_reads_a_broadcast_with_sound_bites(fixture_text):
    art = read(fixture_text, "broadcast_quotes.txt", dt.date(2026, 3, 2))[0]
    ev = art["event"]
    assert (ev["name"], ev["date"], ev["chairs"], ev["attendees"]) == (
        "全区重点项目建设推进会", "2026-03-02", ["姚静舟"], ["邬启航"])
    assert art["reporters"] == ["单晓棠", "李沐阳"]
    people = {p["name"]: p["titles"] for p in art["people"]}
    assert people["苗立新"] == ["区发展和改革局局长"]
    assert "单晓棠" not in people
    streets = directive(art, "落实属地责任")
    assert (streets["units"], streets["deadline"]) == (["各街道"], "2026-03-31")
    assert all(d["units"] != ["我们"] for d in art["directives"])


def test_it_reads_names_written_with_a_middle_dot(fixture_text):
    art = read(fixture_text, "minority_names.txt", dt.date(2026, 4, 23))[0]
    ev = art["event"]
    assert (ev["name"], ev["chairs"]) == ("自治州民族团结进步创建工作会议", ["吴振邦"])
    assert ev["attendees"] == ["买买提·吐尔逊", "热依拉·阿不都热合曼", "阿尔斯兰·巴吾东"]
    assert art["reporters"] == ["阿依古丽·买买提", "和志强"]
    people = {p["name"]: p["titles"] for p in art["people"]}
    assert people["买买提·吐尔逊"] == ["州长"]
    assert people["热依拉·阿不都热合曼"] == ["州人大常委会主任"]
    ethnic = directive(art, "在6月30日前出台")
    assert (ethnic["units"], ethnic["deadline"]) == (["州民族宗教事务委员会"], "2026-06-30")


def test_it_reads_four_character_names_with_a_double_family_name(fixture_text):
    art = read(fixture_text, "double_surnames.txt", dt.date(2026, 6, 19))[0]
    ev = art["event"]
    assert (ev["kind"], ev["name"], ev["date"]) == ("meeting", "区委理论学习中心组集体学习会", "2026-06-18")
    assert ev["chairs"] == ["欧阳振华"]
    assert ev["attendees"] == ["司马青云", "上官婉清", "端木子健", "令狐明", "时晓峰"]
    assert art["reporters"] == ["诸葛青"]
    assert directive(art, "在年底前完成")["deadline"] == "2026-12-31"


def test_it_resolves_deadlines_only_when_they_name_a_day(fixture_text):
    art = read(fixture_text, "deadlines.txt", dt.date(2026, 6, 9))[0]
    assert art["event"]["name"] == "县政府重点工作调度会"
    by_unit = {d["units"][0]: d["deadline"] for d in art["directives"] if d["units"]}
    assert by_unit == {
        "县发展改革局": "2026-06-30", "县水利局": "2026-12-31", "县住建局": "2026-09-30",
        "县财政局": "2026-09-30", "县审计局": None, "各乡镇": "2026-07-15", "县农业农村局": "2026-08-20"}
    assert directive(art, "在明年3月底前")["deadline"] == "2027-03-31"


def test_it_keeps_a_numbered_directive_to_its_sentence_end(fixture_text):
    art = read(fixture_text, "deadlines.txt", dt.date(2026, 6, 9))[0]
    first = directive(art, "加快项目建设")
    # the title runs to the sentence end; the deadline belongs to the unit's own directive
    assert first["title"] == "加快项目建设，县发展改革局要在6月底前完成年度项目清单调整"
    assert (first["units"], first["deadline"]) == ([], None)
    folded = directive(art, "全力稳增长")
    assert folded["deadline"] is None
    assert directive(art, "在明年3月底前完成全部扫尾工作")["units"] == []


def test_it_keeps_a_subheading_with_a_dated_paragraph_inside_its_story(fixture_text):
    arts = read(fixture_text, "subheadings.txt", dt.date(2026, 7, 22))
    assert [a["headline"] for a in arts] == ["区委召开经济运行分析会"]
    art = arts[0]
    assert art["event"]["attendees"] == ["姚静舟", "苗立新"]
    assert [d["units"] for d in art["directives"]] == [[], ["区经济和信息化局"], [], ["区商务局"]]
    assert directive(art, "在7月31日前")["deadline"] == "2026-07-31"


def test_it_returns_no_article_for_a_page_of_meta_lines_only():
    assert textintake.extract("责任编辑：李四。记者 张三 报道。") == {"articles": []}
