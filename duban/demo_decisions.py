"""The demo's 2026 decisions catalogue, settled at the government's executive meeting of the seed
page (研究…2026年度重大行政决策项目目录有关事宜), with one decision part-way through its gates."""
import datetime as dt

from duban.core import clock
from duban.core.workdays import add_workdays
from duban.org.models import User
from duban.tasks.services.evidence import MemoryFile

DECISIONS = [  # name, unit, months after approval, legal basis, hearing, other steps
    ("东部湾新城（大创小镇）单元控制性详细规划", "市规划资源局钱塘分局", 5, "《中华人民共和国城乡规划法》", True,
     ["专家论证", "风险评估"]),
    ("钱塘区“邻里共享”停车新模式推广实施方案", "区城市管理局", 4, "《杭州市机动车停车场（库）建设和管理办法》", False,
     ["风险评估"]),
    ("钱塘区老旧小区综合改造提升三年行动计划（2026—2028年）", "区住房和城乡建设局", 8, "《浙江省城镇老旧小区改造条例》",
     False, ["专家论证"]),
]


def load_decisions(*, today: dt.date) -> None:
    from duban.decisions import services as svc
    from duban.decisions.steps import step_done

    supervisor = User.objects.get(username="supervisor")
    approved_on = add_workdays(today, -60)
    with clock.travel(add_workdays(approved_on, -5)):
        svc.catalogue_create(actor=supervisor, year=today.year, programme="2026年度重大行政决策事项",
                             title=f"杭州市钱塘区{today.year}年度重大行政决策事项目录")
        decisions = [svc.decision_add(actor=supervisor, year=today.year, name=name, unit=unit, legal_basis=basis,
                                      planned_on=approved_on + dt.timedelta(days=30 * months), hearing=hearing,
                                      steps=steps)
                     for name, unit, months, basis, hearing, steps in DECISIONS]
    with clock.travel(approved_on):
        svc.catalogue_approve(actor=supervisor, year=today.year, approval="区政府常务会议（3月27日）审议通过")
    plan = decisions[0]
    comment_from = approved_on + dt.timedelta(days=3)
    with clock.travel(comment_from + dt.timedelta(days=31)):
        step_done(actor=supervisor, decision_id=plan.pk, step="公众参与", comment_from=comment_from,
                  comment_to=comment_from + dt.timedelta(days=29), note="召开听证会1场，收到意见建议46条，采纳19条",
                  documents=[MemoryFile("征求意见及采纳情况说明.pdf", b"%PDF-1.4 demo")])
    with clock.travel(add_workdays(today, -10)):
        step_done(actor=supervisor, decision_id=plan.pk, step="专家论证", note="组织规划、交通、生态专家7名论证")
