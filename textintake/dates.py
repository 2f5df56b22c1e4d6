"""Dates in reports: full (2026年4月8日), month-day (4月8日), day only (30日), relative (昨天)."""
import calendar
import datetime as dt
import re

DAY_REF = re.compile(
    r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日|(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(今天|今日|昨天|昨日|前天)")
DEADLINE = re.compile(
    r"(?:(?P<y>\d{4})年|(?P<y2>\d{4})(?=年[底末内])|(?P<rel>今年|明年|次年|本年|[今明次本](?=年[底末内])))?"
    r"(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日|(?P<part>底|末|上旬|中旬|下旬))"
    r"|(?P<phrase>年底|年末|年内|上半年|下半年|本月底|月底|第?[一二三四]季度末?))"
    r"(?:之?前|以前|完成|前完成|为止|截止)")
NEXT_YEAR = ("明年", "次年", "明")
SHIFT = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
QUARTER = {"一": 3, "二": 6, "三": 9, "四": 12}


def safe_date(year, month, day):
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve(match, pub):
    """The date a DAY_REF match names, read against the publication date pub (may be None)."""
    if match.group(7):
        return pub - dt.timedelta(days=SHIFT[match.group(7)]) if pub else None
    if match.group(4):
        return safe_date(int(match.group(4)), int(match.group(5)), int(match.group(6)))
    year, month, day = (int(g) if g else None for g in match.group(1, 2, 3))
    if month is None:
        if pub is None:
            return None
        year, month = pub.year, pub.month
        if day > pub.day:  # a day after publication was last month's
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    elif year is None:
        if pub is None:
            return None
        year = pub.year - 1 if month > pub.month + 1 else pub.year
    return safe_date(year, month, day)


def first_date(text, pub):
    """First resolvable date in text as ISO string, else None."""
    for m in DAY_REF.finditer(text):
        if m.group(3) and not m.group(2) and text[m.end():m.end() + 1] in "前内":
            continue
        found = resolve(m, pub)
        if found:
            return found.isoformat()
    return None


def deadline(text, pub):
    """The ISO date a directive must be done by (6月底前完成 → that month's last day), else None.
    Spans that name no date (10个工作日内, 尽快) give None."""
    m = DEADLINE.search(text)
    if not m:
        return None
    given = m.group("y") or m.group("y2")
    if not given and pub is None:
        return None
    year = int(given) if given else pub.year + (m.group("rel") in NEXT_YEAR)
    month, day, part = m.group("m"), m.group("d"), m.group("part")
    if month:
        month = int(month)
        if day:
            return _iso(safe_date(year, month, int(day)))
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        return _iso(safe_date(year, month, {"上旬": 10, "中旬": 20}.get(part, last)))
    if pub is None and m.group("phrase") in ("本月底", "月底"):
        return None
    return _iso(_phrase_date(m.group("phrase"), year, pub))


def _phrase_date(phrase, year, pub):
    if phrase in ("年底", "年末", "年内", "下半年"):
        return dt.date(year, 12, 31)
    if phrase == "上半年":
        return dt.date(year, 6, 30)
    if phrase in ("本月底", "月底"):
        return dt.date(pub.year, pub.month, calendar.monthrange(pub.year, pub.month)[1])
    quarter = re.search(r"[一二三四]", phrase)
    if quarter:
        month = QUARTER[quarter.group(0)]
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return None


def _iso(value):
    return value.isoformat() if value else None


def meta_date(lines):
    """A publication date from web meta lines (发布时间：2026-04-08)."""
    for line in lines:
        m = DAY_REF.search(line)
        if m and (m.group(4) or m.group(1)):
            return resolve(m, None)
    return None
