"""What the rectification reports say: a project's report and the year's summary to the people's
congress (整改情况报告), as data (pages, tests) and as .docx (the office's documents)."""
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from duban.audit import rules
from duban.audit.models import AuditProject, Finding
from duban.core import clock
from duban.supervision.docs import add_heading, add_table, new_document
from duban.tasks.models import DONE_STATES, RectificationClass, Target

CLASSES = RectificationClass.choices


@dataclass
class Rectification:
    title: str
    findings: list = field(default_factory=list)
    by_class: dict = field(default_factory=dict)  # class → Counter(total, done, open)
    units: list = field(default_factory=list)     # (unit, total, done, closed?)
    amount: Decimal = Decimal(0)
    metrics: dict = field(default_factory=dict)   # metric → (target, actual)

    @property
    def total(self) -> int:
        return len(self.findings)

    @property
    def done(self) -> int:
        return sum(1 for f in self.findings if f.task.state in DONE_STATES)


def _metrics(task_ids) -> dict:
    sums = {m: [Decimal(0), Decimal(0)] for m in rules.METRIC_UNITS}
    for target in Target.objects.filter(task_id__in=task_ids, metric__in=list(sums)):
        sums[target.metric][0] += target.target_value
        sums[target.metric][1] += target.actual_value or 0
    return {metric: tuple(values) for metric, values in sums.items()}


def rectification_data(title: str, findings) -> Rectification:
    findings = list(findings.select_related("task", "audited_unit", "project").order_by("project__seq", "seq"))
    data = Rectification(title, findings)
    data.by_class = {value: Counter() for value, _label in CLASSES}
    per_unit: dict[str, Counter] = {}
    for f in findings:
        done = int(f.task.state in DONE_STATES)
        data.by_class[f.rectification_class].update(total=1, done=done, open=1 - done)
        per_unit.setdefault(f.audited_unit.name, Counter()).update(total=1, done=done)
        data.amount += f.amount or 0
    data.units = [(unit, c["total"], c["done"], c["done"] == c["total"]) for unit, c in per_unit.items()]
    data.metrics = _metrics({f.task_id for f in findings})  # a task shared by findings counts once
    return data


def project_report_data(project: AuditProject) -> Rectification:
    return rectification_data(f"{project.plan.title}·{project.name}", project.findings.all())


def year_summary_data(year: int, projects) -> Rectification:
    return rectification_data(f"{year}年度审计查出问题整改情况", Finding.objects.filter(project__in=projects))


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"


def rectification_docx(data: Rectification, out, *, heading: str) -> Path:
    doc = new_document(heading, f"{data.title} · 截至{clock.today().isoformat()}")
    labels = dict(CLASSES)
    parts = "，".join(f"{labels[c]}{data.by_class[c]['total']}个" for c, _ in CLASSES)
    doc.add_paragraph(f"审计查出问题共{data.total}个（{parts}），已完成整改{data.done}个，"
                      f"正在整改{data.total - data.done}个；涉及金额{_num(data.amount)}万元。")
    add_heading(doc, "一、分类整改情况")
    add_table(doc, ["整改类型", "问题数", "已完成", "正在整改"],
              [[labels[c], data.by_class[c]["total"], data.by_class[c]["done"], data.by_class[c]["open"]]
               for c, _ in CLASSES])
    add_heading(doc, "二、整改成效")
    add_table(doc, ["指标", "目标", "完成"],
              [[f"{m}（{rules.METRIC_UNITS[m]}）", _num(t), _num(a)] for m, (t, a) in data.metrics.items()])
    add_heading(doc, "三、各单位整改清单")
    add_table(doc, ["被审计单位", "问题数", "已完成", "清单状态"],
              [[u, t, d, "已销号" if closed else "整改中"] for u, t, d, closed in data.units])
    add_heading(doc, "四、问题明细")
    add_table(doc, ["序号", "问题", "整改类型", "涉及金额（万元）", "被审计单位", "状态"],
              [[f.seq, f.problem, labels[f.rectification_class], _num(f.amount or Decimal(0)), f.audited_unit.name,
                f.task.get_state_display()] for f in data.findings])
    path = Path(out)
    doc.save(path)
    return path
