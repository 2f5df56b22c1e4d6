"""The task list's filters: parsed from the query string, applied in the database where they can be
(programme, unit, source, state, due window, words) and in Python for the derived light."""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from duban.org.models import Unit
from duban.tasks.lights import RANK
from duban.tasks.models import DONE_STATES, OPEN_STATES, Programme, SourceKind, TaskState
from duban.web.battlemap import punctuality

LIGHT_WORDS = {"red": "红", "yellow": "黄", "green": "绿", "none": "无"}
STATE_GROUPS = {"open": OPEN_STATES, "done": DONE_STATES}


def due_windows():
    return {"overdue": _("已逾期"), "week": _("7天内到期"), "month": _("30天内到期"), "none": _("无完成时限"),
            "late": _("未按期（逾期未办结或超期销号）")}


def state_choices():
    return [("open", _("全部在办")), ("done", _("全部已销号")), *TaskState.choices]


@dataclass
class Chip:
    name: str
    label: str
    remove_url: str


FIELDS = ("programme", "unit", "lead", "source", "state", "light", "due", "q")


def parse_filters(params) -> dict[str, str]:
    return {k: params.get(k, "").strip() for k in FIELDS if params.get(k, "").strip()}


def apply_filters(qs, f: dict, today: dt.date):
    if f.get("programme", "").isdigit():
        qs = qs.filter(programme_id=int(f["programme"]))
    if f.get("lead", "").isdigit():
        qs = qs.filter(lead_unit_id=int(f["lead"]))
    if f.get("unit", "").isdigit():
        qs = qs.filter(Q(lead_unit_id=int(f["unit"])) | Q(co_units__id=int(f["unit"]))).distinct()
    if f.get("source"):
        qs = qs.filter(source_kind=f["source"])
    if f.get("state"):
        qs = qs.filter(state__in=STATE_GROUPS.get(f["state"], [f["state"]]))
    qs = _due(qs, f.get("due", ""), today)
    if f.get("q"):
        words = f["q"]
        qs = qs.filter(Q(code__icontains=words) | Q(title__icontains=words) | Q(content__icontains=words))
    return qs


def _due(qs, window: str, today: dt.date):
    if window == "overdue":
        return qs.filter(state__in=OPEN_STATES, deadline__lt=today)
    if window in ("week", "month"):
        days = 7 if window == "week" else 30
        return qs.filter(state__in=OPEN_STATES, deadline__gte=today, deadline__lte=today + dt.timedelta(days=days))
    if window == "none":
        return qs.filter(deadline__isnull=True)
    if window == "late":
        return qs.exclude(state=TaskState.CANCELLED).filter(deadline__isnull=False).filter(
            Q(state__in=OPEN_STATES, deadline__lt=today) | Q(state__in=DONE_STATES))
    return qs


def light_filter(tasks, lights, f: dict, today: dt.date):
    """Filter on the derived light, finish the "late" window, and order trouble first."""
    if f.get("light"):
        tasks = [t for t in tasks if lights[t.pk].color == f["light"]]
    if f.get("due") == "late":
        tasks = [t for t in tasks if punctuality(t, today) == "late"]
    return sorted(tasks, key=lambda t: (RANK[lights[t.pk].color], t.deadline or dt.date.max, t.pk))


def chips(f: dict) -> list[Chip]:
    names = _chip_names(f)
    out = []
    for key, value in f.items():
        rest = {k: v for k, v in f.items() if k != key}
        out.append(Chip(key, f"{names.get(key, key)}：{_value_label(key, value)}",
                        "/tasks/?" + urlencode(rest) if rest else "/tasks/"))
    return out


def _chip_names(f):
    return {"programme": _("项目"), "unit": _("单位"), "lead": _("牵头单位"), "source": _("来源"),
            "state": _("状态"), "light": _("灯色"), "due": _("时限"), "q": _("搜索")}


def _value_label(key: str, value: str) -> str:
    if key == "programme" and value.isdigit():
        return Programme.objects.filter(pk=int(value)).values_list("name", flat=True).first() or value
    if key in ("unit", "lead") and value.isdigit():
        return Unit.objects.filter(pk=int(value)).values_list("name", flat=True).first() or value
    labels = {"source": dict(SourceKind.choices), "state": dict(state_choices()), "light": LIGHT_WORDS,
              "due": due_windows()}
    return str(labels.get(key, {}).get(value, value))
