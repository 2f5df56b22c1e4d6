"""What every page's frame needs: the navigation with the current page marked, and who is signed in."""
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from duban.supervision.selectors import notices_for
from duban.tasks.access import memberships_of

# The order and words of UI.md; pages of other apps are linked by path so the frame never depends
# on their URL names.
NAV = [
    ("home", _("挂图作战"), "/"),
    ("inbox", _("我的待办"), "/inbox/"),
    ("tasks", _("督办事项"), "/tasks/"),
    ("ledger", _("台账"), "/ledger/"),
    ("bulletins", _("督办通报"), "/supervision/bulletins/"),
    ("audit", _("审计整改"), "/audit/"),
    ("inspection", _("巡视整改"), "/inspection/"),
    ("intake", _("文件解析"), "/intake/"),
    ("decisions", _("重大行政决策"), "/decisions/"),
    ("ratings", _("满意度测评"), "/ratings/"),
    ("cases", _("案例库"), "/cases/"),
    ("analytics", _("数据分析"), "/analytics/"),
    ("settings", _("设置"), "/settings/"),
]


def _current(path: str) -> str:
    """The longest navigation prefix of the path; "/" only counts for the home page itself."""
    matches = [(len(href), key) for key, _label, href in NAV if path == href or (href != "/" and path.startswith(href))]
    return max(matches)[1] if matches else ""


def _analyst(user) -> bool:
    # Only auditors and supervisors of an audit programme's jurisdiction see 数据分析 at all.
    from duban.analytics.access import may_use_analytics

    return user is not None and user.is_authenticated and may_use_analytics(user)


def nav(request):
    current = _current(request.path)
    items = [{"key": k, "label": label, "href": href, "current": k == current} for k, label, href in NAV]
    user = getattr(request, "user", None)
    items = [i for i in items if i["key"] != "analytics" or _analyst(user)]
    roles, unread = [], 0
    if user is not None and user.is_authenticated:
        roles = [f"{m.unit.label} · {m.get_role_display()}" for m in memberships_of(user)]
        unread = SimpleLazyObject(lambda: notices_for(user, unread_only=True).count())
    return {"nav_items": items, "nav_current": current, "user_roles": roles, "unread_notices": unread}
