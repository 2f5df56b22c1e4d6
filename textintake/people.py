"""Person names and the titles printed before them.

A name is a family name plus one or two characters, followed by a word that typically follows a
name in reports (主持, 出席, 一行, 总书记 …) or by punctuation. Names right after a title
(副区长马于惠) are trusted; others are confirmed by jieba on their clause only, which keeps jieba
off most of the text.
"""
import re
from dataclasses import dataclass, field

from . import lexicon, places, units

CLAUSE_REACH = 10
CJK_RUN = re.compile(f"[{lexicon.CJK}]+")
SEPS = "，,。;；:：!！?？\n“”\"《》()（）【】"
CLAUSE_END = "，,。;；:：!！?？\n"
LEFT_OK = set(lexicon.PUNCT) | set("和及与同由请经")
SPEAKS = re.compile(r"(?:在[^，,。]{1,12}[上中])?(?:强调|指出|要求|表示|主持|出席)[,，:：]?")
LEADS = ("领导", "领导同志", "负责同志", "嘉宾")
DOT_NAME = re.compile(r"[\u4e00-\u9fff]{1,10}(?:[·•‧・．][\u4e00-\u9fff]{1,10}){1,2}")
DOTS = "·•‧・．"
PATTERN_NAME = re.compile(r"(?:^|[，,。;；:：\n])([\u4e00-\u9fff]{2,3})(?:主持|出席|带队|率队)")
# a name never ends with the ending of a place or a body (白沙镇召开, 市政府)
NOT_NAME_END = set("镇乡县省市区村局厅委办处的等")
# after a title these continue a body or a phrase (市人大常委|会党组, 政协委员|的优势), not a name
NOT_NAME_START = set("的了在是和与及等要将会对为把被员部厅局处组办室队们中上下一到赴率带赶前深走召参出陪主")
TITLE_CUT = re.compile(r".*(?:听取|由|及|和|与|在|是|对|的|了|陪同|会见|看望|请|经(?!理|济|营)|为|向|同|等|新任|任命|\d+日(?:上午|下午|晚上)?)")


@dataclass
class Mention:
    name: str
    start: int
    end: int
    titles: list = field(default_factory=list)
    trusted: bool = False


def _surname_at(text, i):
    """Length of the family name at i (0 for none); negative for a word-like one (全, 和)."""
    two = text[i:i + 2]
    if two in _compound():
        return 2
    if text[i] in _single():
        return 1
    return -1 if text[i] in _cache["wordlike"] else 0


def _single():
    return _sets()[0]


def _compound():
    return _sets()[1]


_cache = {}


def _sets():
    if "sets" not in _cache:
        names = lexicon.words("surnames")
        _cache["sets"] = ({n for n in names if len(n) == 1}, {n for n in names if len(n) == 2})
        _cache["wordlike"] = set(lexicon.words("surnames_wordlike"))
        chars = "".join(sorted(_cache["sets"][0] | _cache["wordlike"]))
        _cache["starts"] = re.compile("(?=(?:{})|[{}])".format(
            lexicon.alternation(_cache["sets"][1]), re.escape(chars)))
        _cache["follow"] = lexicon.regex("name_followers")
        _cache["title_any"] = lexicon.regex("titles")
        _cache["after"] = lexicon.regex("titles_after")
    return _cache["sets"]


def _followed(text, end):
    """How strongly the text at end closes a name: 2 multi-char word, 1 one char or punct, 0 not."""
    if end >= len(text) or text[end] in lexicon.PUNCT or text[end].isdigit():
        return 1  # 韩立诚4月10日主持: a date may follow a name
    m = _cache["follow"].match(text, end) or _cache["after"].match(text, end)
    if not m:
        return 0
    return 2 if len(m.group(0)) > 1 else 1


def _title_before(text, start):
    while start > 0 and text[start - 1] == " ":  # 【同期声】局长 苗立新
        start -= 1
    # a title ending is a few characters long: search a short window, not the whole prefix
    return start > 0 and bool(lexicon.ending("titles", text, start))


def _lead_before(text, start):
    """区领导司马青云、…: a list of names introduced by 领导 (not a title of its own)."""
    return text.endswith(LEADS, 0, start)


def candidates(text, accept=lambda cand: True):
    """Names as (start, end, trusted) triples, left to right, not overlapping; accept confirms."""
    _sets()
    found, done = [], 0
    dotted = _dotted(text)
    inside = {p for s, e, _ in dotted.values() for p in range(s, e)}
    # only positions where a family name (or a dotted name) starts can open a name, and those
    # where the sentence says a name must stand (after a title, before 主持) whatever its family name
    patterned = _patterned(text)
    starts = sorted({m.start() for m in _cache["starts"].finditer(text)} | set(dotted) | patterned)
    for i in starts:
        if i < done:
            continue
        if i in dotted:
            found.append(dotted[i])
            done = dotted[i][1]
            continue
        if i in inside:
            continue
        k = _surname_at(text, i) or (1 if i in patterned else 0)
        # a family-name character that closes a title (主任, 主席) belongs to the title
        hit = _candidate(text, i, k) if k and not _title_before(text, i + 1) else None
        if hit and accept(hit):
            found.append(hit)
            done = hit[1]
    return found


def _patterned(text):
    """Positions right after a title (副省长|巴特尔) or opening a clause that a name closes with
    主持/出席: a name stands there even when its family name is not in the list."""
    found = {m.end() + (text[m.end():m.end() + 1] == " ") for m in _cache["title_any"].finditer(text)
             if not lexicon.is_word(text[m.start():m.end() + 1])}  # 主席台, 委员会: no title there
    found |= {m.start(1) for m in PATTERN_NAME.finditer(text)}
    return {i for i in found if i < len(text) and "\u4e00" <= text[i] <= "\u9fff" and text[i] not in NOT_NAME_START}


def _dotted(text):
    """Names written with a middle dot (买买提·吐尔逊), by start: (start, end, trusted)."""
    found = {}
    if not any(d in text for d in DOTS):  # most reports have none: the regex would try every position
        return found
    for m in DOT_NAME.finditer(text):
        start = _dotted_start(text, m.start(), m.start() + _first_dot(m.group(0)))
        end = _dotted_end(text, m)
        if start is not None and end:
            found[start] = (start, end, True)
    return found


def _first_dot(word):
    return min(word.index(d) for d in DOTS if d in word)


def _dotted_start(text, run, dot):
    """Where the name begins in the run before the dot: after a title, else the run's start."""
    for s in range(dot - 2, run, -1):
        if _title_before(text, s) or text[s - 1] in LEFT_OK:
            return s
    return run if dot - run <= 6 else None


def _dotted_end(text, m):
    last = max(m.group(0).rindex(d) for d in DOTS if d in m.group(0)) + m.start()
    for end in range(last + 2, m.end() + 1):
        if _followed(text, end):
            return end
    return None


def _candidate(text, i, k):
    weak = k < 0
    k = abs(k)
    titled = _title_before(text, i) or _lead_before(text, i)
    left_ok = i == 0 or text[i - 1] in LEFT_OK or titled
    options = []
    for length in (k + 2, k + 1):
        end = i + length
        if end > len(text) or not CJK_RUN.fullmatch(text, i, end) or text[end - 1] in NOT_NAME_END:
            continue
        strength = _followed(text, end)
        if weak and not (titled or "、" in (text[i - 1:i], text[end:end + 1])):
            continue
        if strength == 2 or (strength == 1 and left_ok):
            options.append((i, end, titled))
    if not options:
        return None
    if len(options) == 2 and not titled:
        return _pick_by_jieba(text, options)
    return options[0]


def _pick_by_jieba(text, options):
    start, end = _clause(text, options[0][0])
    spans = lexicon.person_tokens(text[start:end])
    for opt in options:
        if (opt[0] - start, opt[1] - start) in spans:
            return opt
    return options[0]


def _clause(text, pos, reach=CLAUSE_REACH):
    """The clause around pos, at most `reach` characters each side: jieba's HMM costs grow with
    the text it reads, and a name is told from the words next to it."""
    start = pos
    while start > max(0, pos - reach) and text[start - 1] not in CLAUSE_END:
        start -= 1
    end = pos
    while end < min(len(text), pos + reach) and text[end] not in CLAUSE_END:
        end += 1
    return start, end


def confirmed(text, cand, known):
    """True when a candidate is a person: titled, known already, or tagged so by jieba."""
    start, end, titled = cand
    word = text[start:end]
    if word in known:
        return True
    if word[-1] in NOT_NAME_END:
        return False
    tag = lexicon.word_tag(word)
    if tag and not tag.startswith("nr"):
        return False
    if titled or _speaks(text, start, end):
        return True
    cs, ce = _clause(text, start)
    return (start - cs, end - cs) in lexicon.person_tokens(text[cs:ce])


def _speaks(text, start, end):
    """顾明远强调，…: a clause that opens with an unknown word and a speech verb names a person
    introduced earlier (on another page, or in the headline)."""
    if _cache["after"].match(text, end):  # 习近平总书记
        return True
    opens = start == 0 or text[start - 1] in CLAUSE_END or text[start - 1] in ")）由请"  # 大会由X主持
    return opens and bool(SPEAKS.match(text, end))


def titles_before(text, start):
    """Titles printed before a name, each separately (新区党工委书记,区委书记、…主任沈燕俊)."""
    titles, pos = [], start
    while pos > 0:
        j = pos - 1
        while j >= 0 and text[j] not in SEPS and text[j] not in "、":
            j -= 1
        piece = text[j + 1:pos].rstrip(" ")
        cut = TITLE_CUT.match(piece)
        if cut and cut.end() > 1 and cut.group(0)[-1] in "和及与" and _unit_title(piece):
            cut = None  # 区发展和改革局局长: the 和 is inside the unit's name
        piece = (piece[cut.end():] if cut else piece).strip()
        if not piece or len(piece) > 25 or not lexicon.ending("titles", piece):
            break
        titles.insert(0, piece)
        if cut or j < 0 or text[j] not in "、,，":
            break
        pos = j
    return titles


def _unit_title(piece):
    title = lexicon.ending("titles", piece)
    return bool(title) and units.kind_of(piece[:-len(title)]) == "unit"


def mentions(text, known=()):
    """Every person mention in text, with titles; list members inherit their head's titles."""
    _sets()
    known = set(known)
    loose = []
    cands = candidates(text, lambda c: _plausible(text, c, known, loose))
    result = []
    for start, end, _ in cands:
        if (start, end) in loose and not _in_named_list(text, start, end, cands, loose, known):
            continue
        m = Mention(text[start:end], start, end, titles_before(text, start))
        after = _cache["after"].match(text, end)
        if after:
            m.titles.append(after.group(0))
        prev = result[-1] if result else None
        if prev and not m.titles and text[prev.end:start] == "、":
            m.titles = [t for t in prev.titles if t not in words_after()]
        result.append(m)
    return result


def words_after():
    return lexicon.words("titles_after")


def _plausible(text, cand, known, loose):
    """Confirmed candidates pass; untitled ones inside a 、 list are kept aside as loose, and
    jieba is asked about them only when nothing else in their list is a name (its HMM is the
    costliest step of a reading)."""
    start, end, titled = cand
    if not titled and places.is_place(text[start:end]):
        return False  # 长沙、岳阳、常德三市: a city of the gazetteer, untitled, is a place
    listed = text[start - 1:start] == "、" or text[end:end + 1] == "、"
    if not (listed and not titled and text[start:end] not in known) and confirmed(text, cand, known):
        known.add(text[cand[0]:cand[1]])
        return True
    tag = lexicon.word_tag(text[start:end])
    # jieba files some names as places (马建国 ns): inside a list of names they are still names
    if (tag and tag not in ("ns", "nz") and not tag.startswith("nr")) or text[end - 1] in NOT_NAME_END:
        return False
    if listed:
        loose.append((start, end))
    return listed


def _in_named_list(text, start, end, cands, loose, known=()):
    """A loose candidate counts when a 、 list it belongs to holds a confirmed name."""
    spans = [(s, e) for s, e, _ in cands]
    k = spans.index((start, end))
    lo = hi = k
    while lo > 0 and text[spans[lo - 1][1]:spans[lo][0]] == "、":
        lo -= 1
    while hi + 1 < len(spans) and text[spans[hi][1]:spans[hi + 1][0]] == "、":
        hi += 1
    members = cands[lo:hi + 1]
    if any((s, e) not in loose for s, e, _ in members):
        return True
    # 马于惠、范悦诚参加: a list of two or more closed by a word that follows names is one of names
    if len(members) > 1 and _followed(text, members[-1][1]) == 2:
        return True
    return any(confirmed(text, c, known) for c in members)


def people(mention_list):
    """People in order of first mention, each with the titles gathered from all mentions."""
    table = {}
    for m in mention_list:
        titles = table.setdefault(m.name, [])
        titles.extend(t for t in m.titles if t not in titles)
    return [{"name": name, "titles": titles} for name, titles in table.items()]
