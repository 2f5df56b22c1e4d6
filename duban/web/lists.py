"""The task list's filters as the page shows them: choices, labels and removable chips. What the
filters mean lives in duban.tasks.filters, shared with the exports, the API and the command line."""
from dataclasses import dataclass

from django.utils.http import urlencode
from django.utils.translation import gettext as _

from duban.org.models import Unit
from duban.tasks import filters
from duban.tasks.access import programmes_visible_to
from duban.tasks.filters import is_id
from duban.tasks.models import SourceKind, TaskState

LIGHT_WORDS = {"red": "红", "yellow": "黄", "green": "绿", "none": "无"}


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


def parse_filters(params) -> dict[str, str]:
    """The list's filters from a query string; a value a hand-edited link got wrong is dropped."""
    return filters.parse_filters(params, strict=False)


def chips(f: dict, user) -> list[Chip]:
    names = _chip_names(f)
    out = []
    for key, value in f.items():
        rest = {k: v for k, v in f.items() if k != key}
        out.append(Chip(key, f"{names.get(key, key)}：{_value_label(key, value, user)}",
                        "/tasks/?" + urlencode(rest) if rest else "/tasks/"))
    return out


def _chip_names(f):
    return {"programme": _("项目"), "unit": _("单位"), "lead": _("牵头单位"), "source": _("来源"),
            "state": _("状态"), "light": _("灯色"), "due": _("时限"), "q": _("搜索")}


def _value_label(key: str, value: str, user) -> str:
    """A filter's value in words; a programme is named only to someone who may see it."""
    if key == "programme" and is_id(value):
        return programmes_visible_to(user).filter(pk=int(value)).values_list("name", flat=True).first() or value
    if key in ("unit", "lead") and is_id(value):
        return Unit.objects.filter(pk=int(value)).values_list("name", flat=True).first() or value
    labels = {"source": dict(SourceKind.choices), "state": dict(state_choices()), "light": LIGHT_WORDS,
              "due": due_windows()}
    return str(labels.get(key, {}).get(value, value))
