"""Page layout: mend columns broken by PDF extraction and cut a page into articles."""
import re
from dataclasses import dataclass, field

BYLINE = re.compile(
    r"^\s*(?:本报讯|本报[^\s，,。(（]{0,8}讯|本台消息|本台讯|[^\s，,。(（]{1,8}消息(?=\s*[(（:：])|【[^】]{1,12}】|新华社[^\s，,。]{0,10}电"
    r"|本报[^\s，,。(（]{1,12}电|[^\s，,。(（]{1,6}社[^\s，,。(（]{1,12}电(?=\s*[(（])"
    r"|[^\s，,。(（]{1,8}(?:日报|晚报|报|网|台)讯|(?:首席)?记者\s|通讯员\s)"
)
REPORTERS = re.compile(r"^[^(（]{0,20}[(（]([^)）]{2,60})[)）]|^\s*记者\s*([^\s，,。]{2,30}(?:\s+[^\s，,。]{2,4})*)")
PROGRAMME = re.compile(r"新闻|联播|频道|播报|直播|时段|栏目|节目|报道")
RANK = re.compile(r"(?:首席记者|见习记者|实习生|特约记者|通讯员|记者|摄影|报道)")
META = re.compile(r"^\s*(?:来源|发布时间|时间|作者|编辑|责任编辑|字号|浏览次数|点击数|信息来源|发布日期|审核|审校|校对|终审|签发)\s*[:：]")
# after the body, only a web page's footer (责任编辑：…) is meta; 时间：… there belongs to minutes
FOOTER = re.compile(r"^\s*(?:来源|作者|编辑|责任编辑|浏览次数|点击数|信息来源|审核|审校|校对|终审|签发)\s*[:：]")
ADDRESSEE = re.compile(r"^[^。!！?？]{2,80}[:：]$")  # 各乡镇人民政府，县政府各部门：
CONTINUED_FROM = re.compile(r"^\s*[(（]\s*(?:上|续)接?第?\s*\d+\s*版\s*[)）]\s*")
TAIL_BYLINE = re.compile(
    r"[(（]\s*((?:首席|见习|特约)?记者[^()（）]{2,40})[)）]\s*$|^\s*((?:本台)?记者(?:\s+[^\s，,。]{2,12}){1,4})\s*(?:报道|采写)?[。.]?\s*$")
NOISE = re.compile(
    r"(?<!电视)电话|热线|邮箱|@|公众号|APP|主办|出版|星期[一二三四五六日天]|农历|今日\d+版|第\d+版|总第\d+期"
    r"|[A-Za-z]{4,}|邮发代号|出版物号|定价|订阅|征订|校对|版面|广告|^\s*\d+\s*$"
)
CONTINUED = re.compile(r"[(（]\s*(?:下|转)转?第?\s*(\d+)\s*版\s*[)）]")
SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、])")
LEAD = re.compile(r"^\s*(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日|^\s*(?:近日|日前|今天|今日|昨天|昨日|当天)")
TERMINAL = "。!！?？”\"」』)）"
MASTHEAD_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*星期")


@dataclass
class Article:
    headline: str
    byline: str = ""
    meta: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)


def is_body(par):
    return "。" in par or par.endswith(("!", "！", "?", "？"))


def is_byline(par):
    return bool(BYLINE.match(par))


def could_be_headline(par):
    # 【新闻联播】房立诚在黑龙江调研…: a bracketed label before a headline, not a byline before a lead
    labelled = par.startswith("【") and not is_body(par)
    return (0 < len(par) <= 120 and not is_body(par) and not NOISE.search(par)
            and not META.match(par) and (labelled or not is_byline(par)) and not SECTION.match(par)
            and not par.endswith(("，", ",", "、", "：", ":")))


def paragraphs(text):
    """Lines of text, empty ones dropped and column breaks mended."""
    lines = [ln.strip() for ln in text.replace("\r", "\n").split("\n")]
    lines = [ln.replace("\u3000", " ").strip() for ln in lines if ln.strip()]
    mended = []
    for i, line in enumerate(lines):
        if mended and _broken(mended[-1], line, lines[i + 1] if i + 1 < len(lines) else ""):
            mended[-1] += line
        else:
            mended.append(line)
    return mended


def _broken(prev, line, after):
    """True when prev stops mid-sentence because a column or page column ended there."""
    if prev.endswith(tuple(TERMINAL)) or CONTINUED.search(prev[-12:]):
        return False
    if not (is_body(prev) or prev.endswith(("，", ",", "、", ";", "；"))):
        return False
    # a headline starts the next article: its next line is a byline or a body lead
    if is_byline(line) or META.match(line):
        return False
    return not (could_be_headline(line) and (is_byline(after) or META.match(after) or LEAD.match(after)))


def masthead_date(pars):
    for par in pars[:40]:
        m = MASTHEAD_DATE.search(par)
        if m:
            return tuple(int(x) for x in m.groups())
    return None


def split(pars):
    """Articles in page order; lines before the first headline (masthead) are dropped."""
    starts = _kept([i for i in range(len(pars)) if _starts_article(pars, i)], pars)
    if not starts:
        prose = any("。" in p and len(re.findall(r"[\u4e00-\u9fff]", p)) >= 10 for p in pars)
        return [a for a in [_untitled(pars)] if a.paragraphs] if prose else []
    articles = _continuation(pars[:starts[0]])
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(pars)
        articles.append(_article(pars[i], pars[i + 1:end]))
    return [a for a in articles if a.paragraphs]


def _kept(starts, pars):
    """Drop a body's subheading taken for a headline: once the story has a byline, a new story
    on the same page brings its own byline (or web meta), not just a dated paragraph."""
    kept = []
    for i in starts:
        signed = is_byline(pars[i + 1]) or META.match(pars[i + 1])
        if kept and not signed and _signed(pars, kept[-1]):
            continue
        kept.append(i)
    return kept


def _signed(pars, start):
    return start + 1 < len(pars) and bool(is_byline(pars[start + 1]) or META.match(pars[start + 1]))


def _continuation(pars):
    """（上接第1版）…: the end of an article begun on an earlier page, printed before the
    first headline of this one; it keeps its directives, under no headline."""
    at = next((k for k, p in enumerate(pars) if CONTINUED_FROM.match(p)), None)
    if at is None:
        return []
    body = [CONTINUED_FROM.sub("", pars[at])] + [p for p in pars[at + 1:] if not NOISE.search(p) or is_body(p)]
    return [_tail_byline(Article(headline="", paragraphs=[p for p in body if p]))]


def _starts_article(pars, i):
    if not could_be_headline(pars[i]):
        return False
    j = i + 1
    while j < len(pars) and (META.match(pars[j]) or ADDRESSEE.match(pars[j])):
        j += 1
    if j >= len(pars) or not (is_body(pars[j]) or is_byline(pars[j])):
        return False
    strong = is_byline(pars[j]) or LEAD.match(pars[j]) or j > i + 1
    return bool(strong or i == 0 or not is_body(pars[i - 1]))


def _article(headline, rest):
    art = Article(headline=headline)
    for par in rest:
        if (META.match(par) or ADDRESSEE.match(par)) and not art.paragraphs or FOOTER.match(par):
            art.meta.append(par)
        elif par.startswith(("——", "—")) and not art.paragraphs:
            art.headline += par
        else:
            art.paragraphs.append(par)
    if art.paragraphs:
        art.byline, art.paragraphs[0] = cut_byline(art.paragraphs[0])
        if not art.paragraphs[0]:
            art.paragraphs.pop(0)
    return _tail_byline(art)


def _tail_byline(art):
    """记者 单晓棠 李沐阳 报道。 closing a transcript, or （记者 张三） ending the last paragraph."""
    if reporters(art.byline) or not art.paragraphs:
        return art
    m = TAIL_BYLINE.search(art.paragraphs[-1])
    if m:
        art.byline = f"{art.byline}（{m.group(1) or m.group(2)}）"
        art.paragraphs[-1] = art.paragraphs[-1][:m.start()].rstrip()
        if not art.paragraphs[-1]:
            art.paragraphs.pop()
    return art


def _untitled(pars):
    """A text with no headline line (minutes, a bare transcript): one article, no headline."""
    body = [p for p in pars if not NOISE.search(p) or is_body(p)]
    art = Article(headline="")
    art.meta = [p for p in body if META.match(p)]
    art.paragraphs = [p for p in body if not META.match(p)]
    if art.paragraphs:  # a text of meta lines only has no body to cut a byline from
        art.byline, art.paragraphs[0] = cut_byline(art.paragraphs[0])
    return _tail_byline(art)


def cut_byline(par):
    """Split a lead paragraph into its byline (本报讯(记者 X)) and the text after it."""
    m = BYLINE.match(par)
    if not m:
        return "", par
    end = m.end()
    rest = par[end:]
    paren = re.match(r"\s*[(（][^)）]{0,60}[)）]", rest)
    if paren:
        end += paren.end()
    elif m.group(0).strip().endswith(("记者", "通讯员")):
        names = re.match(r"[^\s，,。]{2,4}(?:[\s、][^\s，,。]{2,4})*\s", rest)
        end += names.end() if names else 0
    return par[:end].strip(), par[end:].lstrip(" ，,：:")


def reporters(byline):
    """Names in a byline, without their ranks; a programme's name (本台消息（晚间新闻）) is none."""
    m = re.search(r"[(（]([^)）]*)[)）]", byline)
    inner = m.group(1) if m else byline
    if m and PROGRAMME.search(inner) and not RANK.search(inner):
        return []
    inner = BYLINE.sub("", inner) if not m else inner
    parts = re.split(r"[\s、，,/]+", RANK.sub(" ", inner))
    return [p for p in parts if (2 <= len(p) <= 4 or "·" in p) and re.fullmatch(r"[\u4e00-\u9fff·]+", p)]
