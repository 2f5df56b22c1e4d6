"""Organisations named in an article: a qualifier plus a unit ending (白杨街道, 区审计局).

A name is found from its ending and grown leftwards until punctuation or a word that cannot be
part of a name (来到, 听取了). Mentions that qualify a title (区检察院检察长) or name a meeting
(区委审计委员会第八次会议) are not counted: there the organisation is not acting.
"""
import re

from . import lexicon

MEETING_AFTER = re.compile(
    r"(?:[(（]扩大[)）])?(?:第[一二三四五六七八九十百\d]+次)?(?:全体|常务|主任|党组|扩大|专题|工作)?(?:办公)?"
    r"(?:会议|全会|例会|大会)")
ACTING_AFTER = re.compile(r"关于|将|要|已|负责|牵头|印发|出台|制定|作出|召开")
GROW = re.compile(rf"[{lexicon.CJK}()（）]")
CONJ = "和与及"
LINKS = ("会同", "协同", "牵头")
NUMBERED = re.compile(r"[(（]?[一二三四五六七八九十\d]{1,3}[)）]")
MAX_LEN = 30
NAME_FLAGS = {"n", "ns", "nt", "nz", "j", "nrt"}
STOP_FLAGS = {"v", "vd", "ad", "d", "p", "r", "u", "uj", "ul", "uv", "uz", "ud", "ug", "c", "y", "e", "o", "t"}
_cache = {}


def _res():
    if not _cache:
        _cache["suffix"] = lexicon.regex("unit_suffixes")
        _cache["left_words"] = set(lexicon.words("unit_left"))
        _cache["title"] = lexicon.regex("titles")
        _cache["title_end"] = lexicon.regex("titles", "(?:{})$")
        _cache["stop"] = lexicon.regex("unit_stop", "(?:{})$")
        _cache["generic"] = lexicon.regex("generic_units", "^(?:{})")
        _cache["bare"] = re.compile("^(?:{})(?:{})$".format(
            lexicon.alternation(lexicon.words("levels")), lexicon.alternation(lexicon.words("bodies"))))
        _cache["suffix_end"] = lexicon.regex("unit_suffixes", "(?:{})$")
    return _cache


def grow_left(text, start):
    """Leftmost start of a name whose ending begins at start, grown word by word."""
    res, cs = _res(), start
    while cs > 0 and start - cs < MAX_LEN and GROW.match(text, cs - 1):
        cs -= 1
    pos, words = start, lexicon.tokens(text[cs:start])
    for k in range(len(words) - 1, -1, -1):
        word, flag = words[k]
        if _sandwiched(words, k, pos == start):
            pos -= len(word)
            continue
        if _stops(word, flag, words[:k]) or (word in CONJ and res["suffix_end"].search(
                "".join(w for w, _ in words[:k]))):
            break
        pos -= len(word)
    while pos < start and text[pos] in "()（）":
        pos += 1
    # jieba reads 室会同县 as the county 会同县: a linking verb still ends the name before it
    pos = max((text.rfind(w, pos, start) + len(w) for w in LINKS if text.rfind(w, pos, start) > pos), default=pos)
    numbered = NUMBERED.match(text, pos, start)  # （三）县市场监管局
    return numbered.end() if numbered else pos


def _sandwiched(words, k, next_to_ending):
    """审计 in 区委审计委员会: a verb between a noun and the ending belongs to the name."""
    if not (next_to_ending and k > 0 and words[k][1] == "v"):
        return False
    word, flag = words[k - 1]
    if word in lexicon.words("levels"):
        return True
    # after a complete unit (区审计局|围绕|中心) the verb is the predicate, not part of a name
    complete = len(word) > 2 and _res()["suffix_end"].search(word)
    return flag in NAME_FLAGS and len(word) > 1 and not complete


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
        if end < len(text) and lexicon.is_word(text[end - 1:end + 1]) and not res["suffix"].match(text, end):
            continue
        found.append((grow_left(text, m.start()), end))
    return [s for s in found if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in found)]


def kind_of(name):
    """'unit', 'bare' (区委, 区政府), 'generic' (各牵头部门) or None for no organisation at all."""
    res = _res()
    if res["bare"].match(name):
        return "bare"
    ending = res["suffix_end"].search(name)
    if not ending or len(name) - len(ending.group(0)) < 2 or res["stop"].search(name):
        return None
    if res["title_end"].search(name):  # 市委常委 is a title, not a body
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
        name = text[start:end]
        kind = kind_of(name)
        if kind == "bare":
            ok = _clause_start(text, start) or ACTING_AFTER.match(text, end)
            ok = ok and bool(ACTING_AFTER.match(text, end)) and acting(text, start, end)
        else:
            ok = kind == "unit" and acting(text, start, end)
        if ok and name not in event_name:
            names.append(name)
    names = [_after_enterprise(n) for n in names] + _known_and_places(text, known)
    unique = list(dict.fromkeys(names))
    return [n for n in unique if not any(o != n and o.endswith(n) for o in unique)]


def _after_enterprise(name):
    """走访委员企业卓尚服饰有限公司: a company's name starts after the word 企业."""
    if name.endswith(("公司", "集团")) and "企业" in name:
        rest = name[name.rindex("企业") + 2:]
        return rest if len(rest) >= 6 else name
    return name


def _known_and_places(text, known):
    """Units from the installation's directory, and places acting as subjects (钱塘将…)."""
    found = [k for k in known if k and k in text]
    for m in re.finditer(rf"(?:^|[，,。;；\n])([{lexicon.CJK}]{{2,4}})(?=将|要)", text):
        if lexicon.word_tag(m.group(1)) == "ns" and not _res()["generic"].match(m.group(1)):
            found.append(m.group(1))
    return found
