"""The 督办通报 for a month: lights by unit, on-time rate, overdue items, a chart, the ranking."""
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from docx.shared import Cm

from duban.core import clock
from duban.org.models import Unit
from duban.supervision.assessment import assessment_scores, period_bounds
from duban.supervision.chart import light_bars_png
from duban.supervision.docs import add_heading, add_table, new_document
from duban.tasks.access import tasks_visible_to
from duban.tasks.lights import punctuality
from duban.tasks.models import TaskState
from duban.tasks.selectors import lights_for, tasks_with_relations
from duban.tasks.services import programme_by_name


@dataclass
class Bulletin:
    period: str
    start: object
    end: object
    as_of: object
    programme: str
    lights: Counter = field(default_factory=Counter)
    by_unit: dict = field(default_factory=dict)  # unit name → Counter of colors
    due: int = 0
    on_time: int = 0
    overdue: list = field(default_factory=list)  # (code, title, unit, reason)
    ranking: list = field(default_factory=list)

    @property
    def on_time_rate(self) -> str:
        return f"{100 * self.on_time / self.due:.1f}%" if self.due else "—"


def bulletin_data(*, user, period: str, programme: str | None = None) -> Bulletin:
    start, end = period_bounds(period)
    as_of = min(end, clock.today())
    qs = (tasks_visible_to(user).exclude(state__in=[TaskState.DRAFT, TaskState.REVIEW, TaskState.CANCELLED])
          .filter(assigned_on__lte=end))
    if programme:
        qs = qs.filter(programme=programme_by_name(programme))
    tasks = list(tasks_with_relations(qs).order_by("lead_unit__path", "deadline", "pk"))
    lights = lights_for(tasks, today=as_of)
    data = Bulletin(period, start, end, as_of, programme or "全部项目")
    by_unit: dict[str, Counter] = defaultdict(Counter)
    for task in tasks:
        color = lights[task.pk].color
        data.lights[color] += 1
        by_unit[task.lead_unit.name][color] += 1
        if color == "red":
            data.overdue.append((task.code or task.pk, task.title, task.lead_unit.name, lights[task.pk].reason))
        if task.deadline and start <= task.deadline <= as_of:
            data.due += 1
            data.on_time += punctuality(task, as_of) == "ontime"
    data.by_unit = dict(by_unit)
    data.ranking = assessment_scores(Unit.objects.filter(pk__in={t.lead_unit_id for t in tasks}), (start, end))
    return data


def bulletin_docx(*, user, period: str, programme: str | None = None, out) -> Path:
    data = bulletin_data(user=user, period=period, programme=programme)
    doc = new_document("督办通报", f"{data.start.year}年{data.start.month}月 · {data.programme} · "
                                   f"截至{data.as_of.isoformat()}")
    total = sum(data.lights.values())
    doc.add_paragraph(
        f"本期纳入督办事项{total}项，其中红灯{data.lights['red']}项、黄灯{data.lights['yellow']}项、"
        f"绿灯{data.lights['green']}项。本期到期事项{data.due}项，按期办结{data.on_time}项，"
        f"按期办结率{data.on_time_rate}。")
    add_heading(doc, "一、各单位灯色情况")
    units = sorted(data.by_unit)
    add_table(doc, ["牵头单位", "红灯", "黄灯", "绿灯", "合计"],
              [[u, data.by_unit[u]["red"], data.by_unit[u]["yellow"], data.by_unit[u]["green"],
                sum(data.by_unit[u].values())] for u in units])
    if units:
        png = light_bars_png(units, {c: [data.by_unit[u][c] for u in units] for c in ("red", "yellow", "green")},
                             "各单位事项灯色")
        doc.add_picture(io.BytesIO(png), width=Cm(15))
    add_heading(doc, "二、逾期事项")
    if data.overdue:
        add_table(doc, ["编号", "事项", "牵头单位", "情况"], [list(row) for row in data.overdue])
    else:
        doc.add_paragraph("本期无逾期事项。")
    add_heading(doc, "三、单位考核排名")
    add_table(doc, ["名次", "单位", "得分", "扣分事项"],
              [[r["rank"], r["unit"], r["score"],
                "；".join(f"{i['name']}{i['count']}次{i['total']:+d}" for i in r["items"]) or "无"]
               for r in data.ranking])
    path = Path(out)
    doc.save(path)
    return path
