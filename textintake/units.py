"""Organisations named in an article: a qualifier plus a unit ending (白杨街道, 区审计局).

A name is found from its ending and grown leftwards until punctuation or a word that cannot be
part of a name (来到, 听取了). Mentions that qualify a title (区检察院检察长) or name a meeting
(区委审计委员会第八次会议) are not counted: there the organisation is not acting.
"""
import re

from . import lexicon, places

MEETING_AFTER = re.compile(
    r"(?:[(（]扩大[)）])?(?:第[一二三四五六七八九十百\d]+次)?(?:全体|常务|主任|党组|扩大|专题|工作)?(?:办公)?"
    r"(?:会议|全会|例会|大会)")
ACTING_AFTER = re.compile(r"关于|将|要|已|(?<!所)作(?!风)|负责|牵头|印发|出台|制定|作出|召开|主持|分赴|赴|到|前往|进驻|带队")
# 16个综合检查组, 各市州政府, 相关职能部门: a count or a generic word before the name makes it generic
GENERIC_BEFORE = re.compile(r"(?:[\d一二三四五六七八九十]+个|各[市县区州乡镇]*|有关|相关|其他|其它|所属|全[省市区县])$")
VENUE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:隆重)?(?:举行|召开|开幕|闭幕)")
GOES_AFTER = re.compile(r"(?:近日|日前|\d{1,2}日)?(?:进驻|分赴|赴|前往|深入)")
BUILT_BEFORE = re.compile(r"(?:建成|新建|建设|打造|创建|建立|组建|成立)$")
COUNT_AFTER = re.compile(r"\d+(?:家|个|所|座|处)")
PROJECT_AFTER = re.compile(r"建设|创建|项目|工作报告")  # 推进…调解中心建设: a thing to build, not a unit
# a visit's or an inspection team's destinations: 赴河北、山西…, 先后来到A、B和C
DESTINATIONS = re.compile(
    r"(?:分赴|奔赴|赶赴|前往|来到|深入|走进|进驻|到|赴|在|(?:走访|考察|察看|检查|调研)(?![组团室办])了?)([^，,。;；:：]{2,80})")
LIST_SPLIT = re.compile(r"[、和及与]")
LIST_TAIL = re.compile(r"(?:等|[两一二三四五六七八九十\d]+个?(?:省|市|县|区|省区|省区市|地|地市)).*$|"
                       r"(?:开展|进行|调研|考察|督查|检查|督导|暗访|视察|走访|实地|了解|察看|查看).*$")
# subjects: 江山市、龙游县要…, and those who report at a meeting (福州市、厦门市作交流发言)
SUBJECT_LIST = re.compile(rf"(?:^|[，,。;；:：\n])([{lexicon.CJK}、]{{2,30}}?)(?=要|将|作(?:交流|表态|典型|经验)?发言)")
GROW_RUN = re.compile(rf"[{lexicon.CJK}()（）]+$")
CONJ = "和与及"
VISITING = re.compile(r"调研|考察|视察|督查|检查|走访")
PROVINCE_AS_WRITTEN = re.compile(rf"[{lexicon.CJK}]{{2,6}}(?:省|自治区)")
LINKS = ("会同", "协同", "牵头")
NUMBERED = re.compile(r"[(（]?[一二三四五六七八九十\d]{1,3}[)）]")
MAX_LEN = 30
SCOPE = re.compile(r"全(?:国|省|市|区|县|州|镇|乡)")
KIND_ENDINGS = ("合作社", "中心", "工作室", "服务中心")
WEAK_ENDINGS = ("新区", "合作区")
ZONES = ("高新区", "开发区", "经开区", "新区", "自贸区", "保税区")
COMPANY_ENDINGS = ("有限公司", "有限责任公司", "股份有限公司", "集团有限公司")
PLAIN_ENDINGS = ("公司", "有限公司", "集团", "社区", "村")  # endings no verb stands inside of
NAME_FLAGS = {"n", "ns", "nt", "nz", "j", "nrt", "s"}  # s: 城北, 城南
STOP_FLAGS = {"v", "vd", "ad", "d", "p", "r", "u", "uj", "ul", "uv", "uz", "ud", "ug", "c", "y", "e", "o", "t"}
_cache = {}


def _res():
    if not _cache:
        _cache["suffix"] = lexicon.regex("unit_suffixes")
        _cache["left_words"] = set(lexicon.words("unit_left"))
        _cache["title"] = lexicon.regex("titles")
        _cache["generic"] = lexicon.regex("generic_units", "^(?:{})")
        _cache["bare"] = re.compile("^(?:{})(?:{})$".format(
            lexicon.alternation(lexicon.words("levels")), lexicon.alternation(lexicon.words("bodies"))))
    return _cache


def grow_left(text, start):
    """Leftmost start of a name whose ending begins at start, grown word by word."""
    res = _res()
    run = GROW_RUN.search(text, max(0, start - MAX_LEN), start)
    cs = run.start() if run else start
    pos, words = start, lexicon.tokens(text[cs:start])
    company = text.startswith(COMPANY_ENDINGS, start)
    plain, team = text.startswith(PLAIN_ENDINGS, start), _team(text, start)
    for k in range(len(words) - 1, -1, -1):
        word, flag = words[k]
        if _sandwiched(words, k, pos == start, plain, team):
            pos -= len(word)
            continue
        # 东岳精密制造有限公司: a registered company's name may hold verbs
        verb_in_company = company and flag in ("v", "vn") and word not in res["left_words"]
        if (_stops(word, flag, words[:k]) and not verb_in_company) or (word in CONJ and _splits(words, k)):
            break
        pos -= len(word)
    while pos < start and text[pos] in "()（）":
        pos += 1
    # jieba reads 室会同县 as the county 会同县: a linking verb still ends the name before it
    pos = max([pos] + [found + len(w) for w in LINKS if (found := text.rfind(w, pos, start)) > pos])
    numbered = NUMBERED.match(text, pos, start)  # （三）县市场监管局
    return numbered.end() if numbered else pos


def _team(text, start):
    """An ending that names a team sent by a body (检查组, 督查组, 工作专班)."""
    m = _res()["suffix"].match(text, start)
    return bool(m) and m.group(0).endswith(("组", "专班"))


def _splits(words, k):
    """和 between two names (博山区矿山和淄川区…, 党和政府) ends the second; inside a department's
    name (省住房和城乡建设厅, 区发展和改革局) it does not."""
    before = "".join(w for w, _ in words[:k])
    return not before.endswith(lexicon.words("paired_words")) or bool(lexicon.ending("unit_suffixes", before))


def _sandwiched(words, k, next_to_ending, plain_ending=False, team=False):
    """审计 in 区委审计委员会: a verb between a noun and the ending belongs to the name."""
    if not (next_to_ending and k > 0 and words[k][1] == "v"):
        return False
    word, flag = words[k - 1]
    if word in lexicon.words("levels"):
        return True
    # after a complete unit (区审计局|围绕|中心, 部门|抓好|社区) the verb is the predicate, not part of a
    # name; after a common noun it is one too (党的领导|融入|公司)
    complete = word in lexicon.words("unit_suffixes") or (len(word) > 2 and lexicon.ending("unit_suffixes", word))
    if complete and team:  # 全国人大常委会|执法|检查组: a body's team keeps the verb of its work
        return True
    body = word.endswith(("委", "党组", "政府", "人大", "政协"))
    return flag in NAME_FLAGS and len(word) > 1 and not complete and (body or not plain_ending)


def _stops(word, flag, before):
    """A word that cannot stand inside an organisation name: verbs, adverbs, particles …"""
    if word in _res()["left_words"] or word.isdigit() or flag == "q":
        return True
    if word in CONJ:
        return not before
    return len(word) > 1 and flag in STOP_FLAGS


def spans(text):
    """Candidate organisation names as (start, end) pairs, longest per ending."""
    res, found = _res(), []
    for m in res["suffix"].finditer(text):
        end = m.end()
        pair = text[end - 1:end + 1]
        # an ending that starts a word (局|面, 乡|村振兴, 党组|成员) ends no name; 常委会|主持 does
        if len(m.group(0)) == 1 and lexicon.word_tag(text[m.start() - 1:end]) in ("v", "vn", "ad", "d"):
            continue  # 严肃查处: a verb that ends like a unit
        if end < len(text) and lexicon.is_word(pair) and not ACTING_AFTER.match(text, end) and (
                not res["suffix"].match(text, end) or lexicon.ending("unit_stop", pair)):
            continue
        found.append((grow_left(text, m.start()), end))
    merged = []
    for span in _outermost(found):
        if merged and merged[-1][1] >= span[0]:  # 区委审计委员会|办公室 are one name
            merged[-1] = (merged[-1][0], max(span[1], merged[-1][1]))
        else:
            merged.append(span)
    return merged


def _outermost(found):
    """The spans no other span holds, in order: one sweep (by start, longest first), not all pairs."""
    kept, furthest = [], -1
    for span in sorted(set(found), key=lambda s: (s[0], -s[1])):
        if furthest < span[1]:
            kept.append(span)
        furthest = max(furthest, span[1])
    return kept


def kind_of(name):
    """'unit', 'bare' (区委, 区政府), 'generic' (各牵头部门) or None for no organisation at all."""
    res = _res()
    if res["bare"].match(name):
        return "bare"
    ending = lexicon.ending("unit_suffixes", name)
    if not ending:
        return None
    qualifier = name[:-len(ending)]
    if len(qualifier) < 2 and not (len(name) >= 4 and qualifier in ("省", "市", "区", "县")):  # 市科技馆
        return None
    if SCOPE.fullmatch(qualifier):  # 全市社区: a scope and an ending name no one
        return "generic"
    if ending in WEAK_ENDINGS and not any(places.is_place(qualifier[:k]) for k in range(2, min(len(qualifier), 6) + 1)):
        return None  # 广州南沙新区 is a zone, 现代化一流新区 a goal: a weak ending needs a place before it
    if lexicon.ending("unit_stop", name):
        return None
    if lexicon.ending("titles", name):  # 市委常委 is a title, not a body
        return None
    if name.count("(") + name.count("（") != name.count(")") + name.count("）"):
        return None
    return "generic" if res["generic"].match(name) or "各" in name else "unit"


def acting(text, start, end):
    """False where the name only qualifies a title or names a meeting."""
    res = _res()
    title = res["title"].match(text, end)
    # 区检察院检察长吕静: the name qualifies a title; 区应急管理局负责人参加: it still acts
    if title and (title.group(0) not in ("负责人", "代表") or text[title.end():title.end() + 1] in "、，,"
                  or _surname_next(text, title.end())):
        return False
    if MEETING_AFTER.match(text, end):
        return False
    return not _in_brackets(text, start)


def _surname_next(text, pos):
    surnames = lexicon.words("surnames")
    return text[pos:pos + 1] in surnames or text[pos:pos + 2] in surnames


def _in_brackets(text, pos):
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def _clause_start(text, start):
    return start == 0 or text[start - 1] in "，,。;；:：!！?？\n"


def find(text, known=(), event_name=""):
    """Units named in text, in order of first mention, once each."""
    names = []
    for start, end in spans(text):
        start = _after_conjunction(text, start, end)
        name = text[start:end]
        # the host named in the event's name is not acting there, but may act elsewhere (进驻)
        if _counted(text, start, end, name) and (name not in event_name or GOES_AFTER.match(text, end)):
            names.append(name)
    names = [_after_enterprise(n) for n in names] + _known_and_places(text, known, event_name)
    unique = list(dict.fromkeys(names))
    return [n for n in unique if not any(o != n and o.endswith(n) for o in unique)]


def _kind_only(name):
    """农业合作社, 政务服务中心, 政协委员工作室: a kind of institution named by common words only,
    with no place, level or proper name before it, is no particular unit."""
    ending = lexicon.ending("unit_suffixes", name)
    if ending not in KIND_ENDINGS:
        return False
    words = lexicon.tokens(name[:-len(ending)])
    return bool(words) and all(flag in ("n", "vn", "v", "j") and len(word) > 1 for word, flag in words)


def _after_conjunction(text, start, end):
    """与省司法厅的沟通: a name at a clause start does not begin with the word that links it."""
    while end - start > 3 and (text[start] in "与同跟" or text[start] in "和及" and (
            start == 0 or text[start - 1] in "，,。;；:：\n")):
        start += 1
    return start


def _counted(text, start, end, name):
    """A name counts where it acts: not generic, not a venue (在市会议中心闭幕), not a project."""
    if GENERIC_BEFORE.search(text, max(0, start - 4), start) or PROJECT_AFTER.match(text, end):
        return False
    if text[start - 1:start] == "在" and VENUE_AFTER.match(text, end):
        return False
    if BUILT_BEFORE.search(text, max(0, start - 4), start) or COUNT_AFTER.match(text, end):
        return False  # 建成社区嵌入式养老服务中心10家: things to build or count, not a unit
    kind = kind_of(name)
    if kind == "unit" and _kind_only(name):
        return False
    if kind == "bare":
        return bool(ACTING_AFTER.match(text, end)) and acting(text, start, end)
    return kind == "unit" and acting(text, start, end)


def _after_enterprise(name):
    """走访委员企业卓尚服饰有限公司: a company's name starts after the word 企业."""
    if name.endswith(("公司", "集团")) and "企业" in name:
        rest = name[name.rindex("企业") + 2:]
        return rest if len(rest) >= 6 else name
    return name


def _known_and_places(text, known, event_name=""):
    """Units from the installation's directory, places acting as subjects (钱塘将…, 江山市、龙游县要…)
    and the places a visit or an inspection goes to (赴河北、山西…, 到湖南省调研)."""
    found = [k for k in known if k and k in text]
    for m in SUBJECT_LIST.finditer(text):
        found.extend(p for p in m.group(1).split("、") if _place(p))
    for m in DESTINATIONS.finditer(text):
        items = [LIST_TAIL.sub("", p).strip() for p in LIST_SPLIT.split(m.group(1))]
        # 在杭州举行 names a venue, 在赣州市调研 a visit: a bare 在 needs the visit in the same clause
        if text[m.start()] == "在" and not VISITING.search(m.group(1)):
            continue
        found.extend(_destinations(items))
    return found


def _destinations(items):
    """The places among a destination list. A short form that is also a common word (港口, 普洱)
    counts only beside a place that is no common word (普洱、西双版纳, not 企业、港口和农村)."""
    sure, doubtful = [], []
    for item in items:
        place = item if _place(item, strict=True) else _place_prefix(item)
        if place:
            common = place[-1] not in places.LEVELS and lexicon.word_tag(place) not in (None, "ns")
            (doubtful if common else sure).append(place)
    return [p for p in items if p in sure or (sure and p in doubtful)] + [p for p in sure if p not in items]


def _place_prefix(item):
    """章丘区危险化学品企业 → 章丘区: the place that opens a destination which is not a unit itself."""
    if kind_of(item) == "unit":
        return ""
    # 合作|社 is no place 合作 (a city in Gansu): the place must end where a word ends
    # a full name only (章丘区, 勐腊县): a short form opens words too (港口|运营, 合作|社)
    return next((item[:k] for k in range(min(len(item) - 2, 8), 2, -1)
                 if item[k - 1] in places.LEVELS and places.is_place(item[:k])), "")


def _place(name, strict=False):
    """A division by name or short form, or a chain of them; a zone (高新区) or a province as written.
    Not strict, a word jieba files as a place counts too (钱塘将…); jieba also files 港口 so."""
    if len(name) < 2 or _res()["generic"].match(name):
        return False
    if places.is_place(name) or name in ZONES or (not strict and lexicon.word_tag(name) == "ns" and len(name) <= 4):
        return True
    return bool(PROVINCE_AS_WRITTEN.fullmatch(name))
