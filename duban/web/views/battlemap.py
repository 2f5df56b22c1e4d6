"""挂图作战: the battle map of the signed-in user's scope."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from duban.supervision.assessment import assessment_panel
from duban.tasks.access import tasks_visible_to
from duban.tasks.models import TaskState
from duban.tasks.rollup import worst_rollups
from duban.web.battlemap import battle_map_data
from duban.web.trend import light_trend

COLORS = ("red", "yellow", "green")
# The unit table's and the overdue ranking's rows, trouble first. A province's thousands of units
# would make a page of tens of thousands of links; the rest are counted and found through the list.
UNIT_ROWS = 100
# The programme cards, trouble first, likewise: a province runs hundreds of programmes, and their
# cards cost more than the rest of the page; the rest are found through the list's programme filter.
PROGRAMME_CARDS = 24


@login_required
def battle_map(request):
    data = battle_map_data(request.user)
    everything = data["all"]
    trend = light_trend(request.user, today=data["today"], current=everything.lights)
    charts = {
        "gantt": data["gantt"], "trend": trend, "today": data["today"].isoformat(),
        "overdue": [{"name": u.name, "value": u.overdue, "url": _url(u.key, due="overdue")}
                    for u in data["overdue_units"][:15]],
    }
    units, overdue_units = data["units"], data["overdue_units"]
    return render(request, "web/battlemap.html", {
        **data, "charts": charts, "colors": COLORS,
        "programmes": data["programmes"][:PROGRAMME_CARDS],
        "programmes_more": max(0, len(data["programmes"]) - PROGRAMME_CARDS),
        "units": units[:UNIT_ROWS], "units_more": max(0, len(units) - UNIT_ROWS),
        "overdue_units": overdue_units[:UNIT_ROWS], "overdue_unit_count": len(overdue_units),
        "open_states": [TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.CLOSURE_REQUESTED],
        "closure_waiting": everything.states[TaskState.CLOSURE_REQUESTED],
        "assessment": assessment_panel(request.user),
        "rollups": worst_rollups(tasks_visible_to(request.user), today=data["today"]),
    })


def _url(key: dict, **extra) -> str:
    from duban.web.templatetags.duban_web import list_url

    return list_url(key, **extra)
