"""我的待办 page."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from duban.core import clock
from duban.web.inbox import inbox_for

BOXES = [  # key, heading, what to do when empty
    ("to_sign", _("待签收"), _("没有待签收的事项。督查员交办后会出现在这里。")),
    ("returned", _("被退回，待整改后重新申请销号"), _("没有被退回的销号申请。")),
    ("to_report", _("办理中，待报送进展"), _("没有办理中的事项。签收后的事项在这里按期报送进展。")),
    ("closure_review", _("待审核销号"), _("没有待审核的销号申请。")),
    ("extension_review", _("待审批延期"), _("没有待审批的延期申请。")),
    ("overdue", _("已逾期未办结"), _("没有逾期事项。")),
    ("stale", _("超过报送周期未报送进展"), _("各单位都在按期报送进展。")),
    ("recheck", _("回头看到期或逾期"), _("近期没有到期的回头看。")),
    ("to_review", _("待我审核"), _("没有待审核的事项。")),
    ("leader_red", _("我负责的 · 红灯"), _("没有红灯事项。")),
    ("leader_yellow", _("我负责的 · 黄灯"), _("没有黄灯事项。")),
    ("leader_green", _("我负责的 · 绿灯"), _("没有绿灯事项。")),
]


@login_required
def inbox(request):
    boxes = inbox_for(request.user, today=clock.today())
    sections = [{"key": key, "title": title, "empty": empty, "rows": box.rows, "count": box.count,
                 "capped": box.capped, "more": box.count - len(box.rows)}
                for key, title, empty in BOXES if (box := boxes.get(key))]
    return render(request, "web/inbox.html", {"sections": sections})
