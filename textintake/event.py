"""The one event an article reports: its kind, name, date, who chaired and who attended."""
import re

from . import dates, lexicon

DATE_PREFIX = re.compile(
    r"^(?:(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日|近日|日前|今天|今日|昨天|昨日|当天)"
    r"(?:至(?:\d{1,2}月)?\d{1,2}日)?(?:上午|下午|晚上|晚间|晚|早上|中午)?[,，]?")
TIME_TAIL = re.compile(
    r"(?:(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日|近日|日前|今天|今日|昨天|昨日|当天|近期)"
    r"(?:至(?:\d{1,2}月)?\d{1,2}日)?(?:上午|下午|晚上|晚间|晚|早上|中午)?$|(?:上午|下午|晚上|晚间)$")
VENUE = re.compile(r"在[^在，,。]{2,20}$")
TAIL_VERB = re.compile(r"(?:并(?:作|讲话|发表|强调|指出|宣读|致辞|部署)|时强调|上强调|，).*$")
SESSION_ONLY = re.compile(
    r"(?:第[一二三四五六七八九十百\d]+次)?(?:全体|常务|主任|党组|扩大|专题|工作|理论)?(?:办公|学习)?(?:会议|全会|例会|会)")
OWN_SCOPE = re.compile(r"全(?:国|省|市|区|县|州|镇|乡|盟|旗)|\d{4}年|中国|中央")
DESTINATION = re.compile(
    r"(?:先后)?(?:分赴|奔赴|赶赴|前往|来到|深入到?|走进|进驻|(?<![达得受感做想看遇提])到|赴|在|(?<![以未近原本后从向])来)(?=[\u4e00-\u9fff])")
# 在主席台前排就座的有：鲁文清、常卫东…: a roll of those present, up to the name
ROLL = re.compile(r"(?:出席|参加|列席|就座|陪同)[^。；;]{0,10}(?:的有|的是|人员有)[:：][^。；;:：]*$")
LEAD_DAY = re.compile(r"(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日")
CONVENES = re.compile(r"[^,，。;；、]{0,30}?(?<!主持)召开")
CHAIR_CALL = re.compile(r"主持召开([^,，。;；]+)")
# 韩立诚主持召开国务院常务会议 is CHAIR_CALL's, not a meeting held by 韩立诚主持
HOLD = re.compile(r"([^,，。;；]+?)(?:隆重)?(?<!主持)(举行|召开|开幕|闭幕)([^,，。;；]*)")
VISIT = re.compile(r"(?<!大)(专题)?(调研|考察|视察|走访|督查|检查|暗访|督导|巡查|巡视|督察|实地查看|察看)(?![室组办员局处科])([^,，。;；]*)")
NOTICE = re.compile(r"关于(.+?)(?:情况|工作情况|结果)?的(?:通报|报告)$")
CHAIRED = re.compile(r"(?:(?:\d{1,2}月)?\d{1,2}日)?(?:上午|下午|晚上|晚)?(?:在[^,，。;；]{1,12})?主持")
LISTY = re.compile(r"[、和及与等\s]*(?:等?[区市县省州]?(?:领导|同志|负责同志))?")
IN_HEADLINE = re.compile(r"在(.+?)(?:上|时)(?:强调|指出|表示|讲话|要求)")
MEETING = re.compile(r"会议|例会|大会|全会|座谈会|推进会|部署会|论坛|(?:办公|常务|党组|常委)会")
PRESENCE_TAIL = re.compile(
    r"^[^,，。;；]*?(?:出席|参加|列席|陪同|参会|到会|(?<!研究)部署|一同|随同|提交|作报告|作说明|宣读|通报|在会上|会上|(?<!重要)讲话|致辞|发言|就座"
    r"|作[^,，。;；]{0,6}?(?:部署|报告|说明|动员|总结|发言))")
NO_BREAK = re.compile(r"[^,，。;；]*")
DOC = re.compile(r"((?:《[^《》]{1,80}》[、和及与]?)+)")
NOT_DOC_AFTER = re.compile(r"^(?:杂志|报|日报|周刊|期刊|网|客户端|专栏|栏目|节目)")
WINDOW = 160  # a visit's destinations may list sixteen provinces before its verb
FIRST_SENTENCE = re.compile(r"^[^。!！?？]*[。!！?？]?")


def build(headline, body, mentions, pub):
    """The event dict of an article, or None when nothing in it names an event."""
    lead, lead_at = _lead(body)
    name, kind, visit_at = _name_and_kind(DATE_PREFIX.sub("", lead.strip()), headline)
    lead_at += len(lead) - len(DATE_PREFIX.sub("", lead.strip()))
    chairs = _chairs(body, mentions, kind, lead_at + visit_at if visit_at is not None else None)
    attendees = [m.name for m in mentions if _present(body, m, mentions) and m.name not in chairs]
    event = {
        "kind": kind,
        "name": name,
        "date": dates.first_date(lead, pub) or _paragraph_date(body, pub),
        "chairs": chairs,
        "attendees": list(dict.fromkeys(attendees)),
        "documents": documents(body),
    }
    if not name and not chairs and not attendees and not event["date"]:
        return None
    return event


def _paragraph_date(body, pub):
    """近日在湖北考察。5日至6日，…: the day the lead paragraph gives after a vague first sentence."""
    paragraph = body.split("\n", 1)[0] if body else ""
    for m in re.finditer(r"[^。!！?？]+[。!！?？]?", paragraph):
        if m.start() and LEAD_DAY.match(m.group(0)):
            return dates.first_date(m.group(0), pub)
    return None


def _lead(body):
    """The sentence that names the event, and where it starts: the first one, or a later one of
    the first paragraph when the first only sets the scene (督察近日全面启动。动员会15日召开。)."""
    first = FIRST_SENTENCE.match(body).group(0) if body else ""
    if CHAIR_CALL.search(first) or HOLD.search(first):
        return first, 0
    paragraph = body.split("\n", 1)[0]
    # a team's arrival (督察组进驻…) then its meeting that someone chairs: the meeting is the event
    chaired = "主持" in paragraph or not VISIT.search(first)
    for m in re.finditer(r"[^。!！?？]+[。!！?？]?", paragraph):
        if chaired and (CHAIR_CALL.search(m.group(0)) or HOLD.search(m.group(0))):
            return m.group(0), m.start()
    return first, 0


def _name_and_kind(lead, headline):
    """Event name and kind; the third value is where a visit's verb sits in the lead."""
    notice = NOTICE.search(headline)
    if notice and lexicon.kinds().get(notice.group(1)[-2:]):  # 关于…专项督查情况的通报
        return notice.group(1), _kind(notice.group(1)), None
    found = []
    for regex in (CHAIR_CALL, HOLD, VISIT):
        m = regex.search(lead)
        if m:
            found.append((m.start(), regex, m))
    if found:
        _, regex, m = min(found, key=lambda f: f[0])
        if regex is VISIT:
            at = _destination(lead, m.start())
            return lead[at:m.end()], lexicon.kinds()[m.group(2)], at
        name = _trim(m.group(1)) if regex is CHAIR_CALL else _held(m)
        return name, _kind(name), None
    m = IN_HEADLINE.search(headline)
    if m:
        return m.group(1), _kind(m.group(1)), None
    visit = VISIT.search(headline)
    return "", lexicon.kinds()[visit.group(2)] if visit else "other", None


def _held(m):
    before, after = _trim(m.group(1)), _trim(m.group(3))
    if re.search(r"(?:到|赴|前往|来到|深入)[\u4e00-\u9fff]", before) and after:
        return after  # …到华曜光电科技有限公司召开现场办公会: the place is where, not whose
    if before.endswith(("会议", "大会", "全会")) or not (MEETING.search(after) or after.endswith("会")):
        return before
    # 区一届人大常委会举行第四十五次会议, 县政府召开重点工作调度会: the host, then the session, make one
    # name; but a meeting named for its scope or year is named without its host (省国资委召开|全省…会议)
    return after if OWN_SCOPE.match(after) and not SESSION_ONLY.fullmatch(after) else before + after


def _trim(name):
    """The name without what the sentence put around it: a venue, a day and time, the verb after."""
    name = TAIL_VERB.sub("", name)
    for _ in range(2):  # …第五次会议12日下午在杭州: the venue, then the time
        name = VENUE.sub("", name)
        name = TIME_TAIL.sub("", name)
    return name.strip()


def _destination(lead, verb_at):
    """Where a visit's name starts: at 到/赴/深入… its place when the sentence gives one
    (到湖南省调研, 深入青溪镇、白沙乡，实地查看…), else at the verb."""
    window = lead[max(0, verb_at - WINDOW):verb_at]
    found = [m for m in DESTINATION.finditer(window) if window[m.end():].count("，") <= 2
             and not re.search(r"[。；;]", window[m.end():])]
    if not found:
        return verb_at
    # the first destination of the sentence: 深入到青溪镇…，走进农户家中，察看… starts at 深入
    return verb_at - len(window) + found[0].start()


def _kind(name):
    if re.search(r"(?:会议|大会|会)$", name):  # …巡视反馈意见整改工作推进会 is a meeting about an inspection
        return "meeting"
    for word, kind in sorted(lexicon.kinds().items(), key=lambda kv: -len(kv[0])):
        if word in name and kind != "meeting":
            return kind
    return "meeting" if MEETING.search(name) or name.endswith("会") else "other"


def _chairs(body, mentions, kind, visit_at):
    chairs = [m.name for m in mentions if CHAIRED.match(body, m.end)]
    if not chairs and visit_at is not None:
        chairs = [m.name for m in mentions if m.end <= visit_at and NO_BREAK.fullmatch(body[m.end:visit_at])
                  and not _present(body, m, mentions)]
    if not chairs and kind in ("research", "inspection"):
        chairs = [m.name for m in mentions if re.match(r"一行|带队|率", body[m.end:m.end + 2])]
    if not chairs and kind == "meeting":  # 区委书记邬启航到华曜公司召开现场办公会: who convenes, chairs
        chairs = [m.name for m in mentions if CONVENES.match(body, m.end)]
    return list(dict.fromkeys(chairs))


def _present(body, mention, mentions, hops=4):
    """Present when a presence verb closes the name's clause, or closes the list the name
    heads across commas (副市长贺明川、沈露，秘书长冯子墨出席)."""
    tail = body[mention.end:]
    if re.match(r"总书记|同志|主席|总理", tail):
        return False
    if PRESENCE_TAIL.match(tail) or ROLL.search(body, max(0, mention.start - 200), mention.start):
        return True
    end = mention.end + len(NO_BREAK.match(tail).group(0))
    if hops == 0 or body[end:end + 1] not in ",，":
        return False
    rest = body[mention.end:end]
    for other in mentions:
        if mention.end <= other.start and other.end <= end:
            rest = rest.replace(other.name, "", 1)
    if not LISTY.fullmatch(rest):
        return False
    nxt_end = end + 1 + len(NO_BREAK.match(body, end + 1).group(0))
    nxt = next((m for m in mentions if end < m.start < nxt_end), None)
    if nxt:
        return _present(body, nxt, mentions, hops - 1)
    # 秘书长蒋一帆，有关部门负责人参加: the verb closes the next clause
    return not rest and bool(PRESENCE_TAIL.match(body[end + 1:]))


def documents(body):
    """Titles in 《》 that the event reviewed or studied; not magazines, not a report's subject."""
    found = []
    for m in DOC.finditer(body):
        items = re.findall(r"《([^《》]+)》", m.group(1))
        before = body[max(0, m.start() - 8):m.start()]
        # 关于《…》, 关于检查《…》实施情况的报告: the title is the subject of a report, not a document
        if re.search(r"关于[^《》，,。]{0,6}$", before):
            continue
        if NOT_DOC_AFTER.match(body[m.end():]):
            items = items[:-1]
        found.extend(items)
    return list(dict.fromkeys(found))
