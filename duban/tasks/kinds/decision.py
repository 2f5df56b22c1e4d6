"""重大行政决策: the catalogue of major administrative decisions.

Each decision runs the statutory steps of the national regulation (重大行政决策程序暂行条例) as
gates, kept by `duban.decisions`: which steps a decision requires is recorded with it, a required
step cannot be skipped, and its task cannot close while a required step is undone. The kind reads
the decision through the task's reverse relation, so the loop needs nothing of the app.
"""
from django.utils.translation import gettext

from duban.tasks.kinds.base import Kind

STEPS = (("public_participation", "公众参与"), ("expert_argument", "专家论证"), ("risk_assessment", "风险评估"),
         ("legality_review", "合法性审查"), ("collective_decision", "集体讨论决定"))
STEP_LABELS = dict(STEPS)


class DecisionKind(Kind):
    def closure_problems(self, task) -> list[str]:
        problems = super().closure_problems(task)
        decision = getattr(task, "decision", None)  # a task made before the catalogue has none
        if decision is not None:
            undone = [gettext(STEP_LABELS[s.step]) for s in decision.steps.all() if s.required and not s.done_on]
            if undone:
                problems.append(gettext("重大行政决策的法定程序尚未完成：%(steps)s") % {"steps": '、'.join(undone)})
        return problems


KIND = DecisionKind(name="decision", label="重大行政决策", default_source="decision_catalogue")
