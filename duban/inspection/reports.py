"""整改进展情况通报: per problem done / partly done / not done, the completion rate, as data and .docx."""
from dataclasses import dataclass, field
from pathlib import Path

from duban.core import clock
from duban.inspection.models import Problem
from duban.supervision.docs import add_heading, add_table, new_document
from duban.tasks.models import DONE_STATES, TaskState

STATUS = {"done": "已完成", "partly": "基本完成/正在推进", "not_done": "尚未完成"}


def problem_status(problem: Problem) -> str:
    task = problem.task
    if task is None:
        return "not_done"
    if task.state in DONE_STATES:
        return "done"
    if task.state == TaskState.CLOSURE_REQUESTED or task.percent > 0:
        return "partly"
    return "not_done"


@dataclass
class Disclosure:
    programme: str
    rows: list = field(default_factory=list)  # (feedback, seq, text, lead unit, status)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row[4] == status)

    @property
    def count_done(self) -> int:
        return self.count("done")

    @property
    def rate(self) -> str:
        return f"{100 * self.count('done') / len(self.rows):.1f}%" if self.rows else "—"


def disclosure_data(feedbacks) -> Disclosure:
    problems = (Problem.objects.filter(feedback__in=feedbacks)
                .select_related("feedback", "task__lead_unit").order_by("feedback__feedback_on", "seq"))
    data = Disclosure("、".join(sorted({f.programme.name for f in feedbacks})))
    for p in problems:
        unit = p.task.lead_unit.name if p.task else ""
        data.rows.append((p.feedback.title, p.seq, p.text, unit, problem_status(p)))
    return data


def disclosure_docx(data: Disclosure, out) -> Path:
    doc = new_document("巡视整改进展情况通报", f"{data.programme} · 截至{clock.today().isoformat()}")
    doc.add_paragraph(f"巡视反馈问题共{len(data.rows)}个，已完成整改{data.count('done')}个，"
                      f"基本完成{data.count('partly')}个，尚未完成{data.count('not_done')}个，"
                      f"整改完成率{data.rate}。")
    add_heading(doc, "整改进展明细")
    add_table(doc, ["反馈", "序号", "问题", "牵头单位", "整改进展"],
              [[f, s, t, u, STATUS[status]] for f, s, t, u, status in data.rows])
    path = Path(out)
    doc.save(path)
    return path
