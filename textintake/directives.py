"""Directives: requirements a speech lays down, each opening with the modal 要.

要 opens a directive at a sentence start, after a clause that introduces speech (强调,/指出,/
要求,), after a numbering (一要/二是要), or right after the subject who must act (各街道要).
"""
import re

from . import dates, lexicon, places, units

SPEECH = re.compile(r"(?:强调|指出|要求|提出|表示|认为|明确|说|强调指出|希望)$")
NOT_MODAL = re.compile(r"要(?:求|点|素|闻|件|职|案|害|务|塞|领|么|不然|是)")
OPENER = re.compile(r"(?:[一二三四五六七八九十]是|[一二三四五六七八九十]|首先|其次|同时|最后|还|并|也|更|必须|务必|今年|明年|下一步|下阶段|当前|今后)$")
NARRATIVE = re.compile(
    r"^(?:会议|会上|会前|会后|座谈会|随后|当天|期间|此前|与会|他|她|记者|据悉|据了解|本次|此次|调研中|在调研)")
NUMBERING = re.compile(
    r"(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十]+[,，、]?)\s*")
PRONOUNS = ("我们", "大家", "你们", "咱们")
CONTINUED = re.compile(r"[(（]\s*(?:下|转)转?第?\s*\d+\s*版\s*[)）]")
LINKED = re.compile(r"会同|协同|联合|配合")
BREAKS = "。!！?？;；,，:：\n"


def find(body, mentions, pub, known=(), chairs=()):
    """Directives in body, in order. A sound bite (【同期声】 局长 X：我们要…) of someone who does not
    chair the event lays down nothing."""
    body = CONTINUED.sub("", body)
    starts = [s for s in (_opening(body, m.start(), known) for m in re.finditer("要", body)) if s]
    starts = [s for s in starts if not (s[2] in PRONOUNS and _sound_bite(body, s[0], mentions, chairs))]
    names = {m.name for m in mentions}
    result = []
    for k, (_, title_at, subject) in enumerate(starts):
        nxt = starts[k + 1][0] if k + 1 < len(starts) else len(body)
        title, text = _title_and_text(body, title_at, nxt, names)
        if title:
            # a deadline inside a later directive of the same sentence is that one's, not this one's
            own = body[title_at:nxt] if nxt < title_at + len(title) else text
            result.append({"title": title, "text": text, "units": _units(subject, known),
                           "deadline": dates.deadline(own, pub), "co_units": co_units(own, known)})
    return result


def co_units(words, known=()):
    """Units a directive names as working with its subject (会同市数据局、市财政局…, 协同…, 配合…)."""
    found = []
    for m in LINKED.finditer(words):
        clause = re.match(r"[^，,。;；:：\n]*", words[m.end():]).group(0)
        at = 0
        for start, end in units.spans(clause):
            if start != at or not (units.kind_of(clause[start:end]) == "unit" or clause[start:end] in known):
                break
            found.append(clause[start:end])
            at = end + 1 if clause[end:end + 1] in "、和及与" else -1
    return list(dict.fromkeys(found))


def _opening(body, at, known):
    """(start of the subject, start of the title, subject) when the 要 at `at` opens a directive."""
    if NOT_MODAL.match(body, at):
        return None
    begin = _clause_start(body, at)
    numbered = NUMBERING.match(body, begin, at)
    clause = numbered.end() if numbered else begin  # （一）各乡镇要…, 一、市住建局要…
    head = body[clause:at]
    if not head:
        # 今年要…，要在9月30日前…: a bare 要 after any break opens a directive of its own
        return (begin, at + 1, "")
    if OPENER.fullmatch(head):
        return (begin, at + 1, "") if _after_opening_break(body, begin) else None
    if _actor(head, known):
        return begin, at + 1, head
    return None


def _sound_bite(body, at, mentions, chairs):
    """True when the clause at `at` is quoted from a speaker (X：…, 【同期声】) who is not a chair."""
    start = body.rfind("\n", 0, at) + 1
    colon = max(body.rfind("：", start, at), body.rfind(":", start, at))
    if colon < 0 and start > 0:
        # the speaker on a line of their own above the words (【同期声】局长 苗立新)
        above = body.rfind("\n", 0, start - 1) + 1
        if "同期声" in body[above:start] or not re.search("[。!！?？]", body[above:start]):
            start, colon = above, start - 1
    if colon < 0:
        return "同期声" in body[start:at]
    speakers = [m for m in mentions if start <= m.start < colon]
    if speakers:
        return speakers[-1].name not in chairs
    return "同期声" in body[start:colon]


def _clause_start(body, at):
    j = at
    while j > 0 and body[j - 1] not in BREAKS:
        j -= 1
    return j


def _after_opening_break(body, clause):
    """要 after a sentence end, a semicolon, a colon, or a comma that closes 强调/指出."""
    if clause == 0 or body[clause - 1] in "。!！?？;；:：\n":
        return True
    return bool(SPEECH.search(body[max(0, clause - 5):clause - 1]))


def _actor(head, known):
    """A subject able to receive a directive: a unit, a generic group, a known unit."""
    if len(head) > 20 or head in ("会议", "他", "她", "我们要"):
        return False
    if head in known:
        return True
    if all(units.kind_of(p) in ("unit", "generic", "bare") or p in known for p in _parts(head, known)):
        return True
    return (head.startswith(("各", "全")) or "各级" in head or head.endswith(lexicon.words("actors"))
            or places.is_place(head))


def _parts(subject, known=()):
    """Subjects joined by 、; 和/及/与 join two only when each side is a unit on its own
    (省住房和城乡建设厅 and 各级党委和政府 stay whole)."""
    parts = []
    for piece in (p for p in subject.split("、") if p):
        split = [q for q in re.split(r"[和及与]", piece) if q]
        whole = len(split) < 2 or not all(units.kind_of(q) in ("unit", "generic") or q in known for q in split)
        parts.extend([piece] if whole else split)
    return parts


def _units(subject, known=()):
    if not subject or subject in PRONOUNS:
        return []
    return _parts(subject, known)


def _title_and_text(body, title_at, limit, names):
    """Title: to the end of the sentence (or a ; before the next directive). Text: plus the
    sentences that elaborate it, until the next directive or the speech ends."""
    end = title_at
    while end < len(body) and body[end] not in "。!！?？\n" and not (
            body[end] in ";；" and not body[end + 1:limit].strip()):
        end += 1
    title = body[title_at:end].rstrip(";；,， ")
    text_end = end + 1 if end < len(body) and body[end] in "。!！?？" else end
    limit = max(limit, text_end)
    while text_end < limit and body[text_end] not in "\n":
        sentence = _sentence_at(body, text_end, limit)
        if not sentence or _narrative(sentence, names):
            break
        text_end += len(sentence)
    return title.strip(), body[title_at:text_end].rstrip(";；,， \n")


def _sentence_at(body, at, limit):
    m = re.compile(r"[^。!！?？\n]*[。!！?？]?").match(body, at, limit)
    return m.group(0) if m else ""


def _narrative(sentence, names):
    """A sentence that reports (张三参加。会议听取…) rather than elaborates a requirement."""
    if NARRATIVE.match(sentence) or any(name in sentence for name in names):
        return True
    return bool(re.search(r"(?:出席|参加|列席|陪同|主持)[。]?$|(?:强调|指出|要求|表示)[,，:：]", sentence))
