"""The demo's tasks, each with the story it went through (dates in working days from today)."""
import datetime as dt
import io

from duban.core import clock
from duban.core.workdays import add_workdays
from duban.org.models import User
from duban.tasks import services as svc
from duban.tasks.services.evidence import MemoryFile

P_COMMON = "2026年共同富裕30项重点任务"
P_AUDIT = "2026年度审计项目计划"
P_INSPECT = "省委巡视反馈问题整改"
P_NEWTOWN = "东部湾新城（大创小镇）开发建设"
P_DECISION = "2026年度重大行政决策事项"
P_MEETING = "区委全面深化改革委员会第十三次会议议定事项"
MEETING_REF = "一届区委全面深化改革委员会第十三次会议（2026年3月30日）"


def _docx(title: str, body: str) -> MemoryFile:
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=1)
    doc.add_paragraph(body)
    out = io.BytesIO()
    doc.save(out)
    return MemoryFile(f"{title}.docx", out.getvalue(),
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


# Each entry: the task's fields, then steps (working-day offset from today, username, action, arguments).
TASKS = [
    dict(title="深化“邻里共享”停车新模式改革，扩大共享车位供给", programme=P_COMMON, lead_unit="区住房和城乡建设局",
         co_units=["区城市管理局", "白杨街道"], leader="leader", deadline=25, source_kind="plan",
         source_ref="2026年共同富裕30项重点任务 第12项",
         milestones=[("完成试点评估", -80), ("全区推广方案印发", 3)],
         targets=[("新增共享车位", "1500", "个")],
         steps=[(-108, "supervisor", "assign"), (-107, "leader", "review"), (-105, "zhujian", "sign"),
                (-80, "zhujian", "report", dict(text="白杨街道试点完成评估，新增共享车位620个。", percent=35,
                                                 target_actuals={"新增共享车位": "620"},
                                                 milestones_done=["完成试点评估"])),
                (-6, "zhujian", "report", dict(text="下沙、河庄街道推开，累计新增1100个；推广方案已送审。",
                                                percent=70, target_actuals={"新增共享车位": "1100"}))]),
    dict(title="对照可量化、标准化、体系化维度，形成可输出的改革路径案例", programme=P_COMMON,
         lead_unit="区委全面深化改革委员会办公室", leader="leader", deadline=40, source_kind="meeting",
         source_ref=MEETING_REF, milestones=[("案例初稿", 15)], targets=[("形成路径案例", "5", "个")],
         steps=[(-100, "supervisor", "assign"), (-99, "leader", "review"), (-98, "gaige", "sign"),
                (-2, "gaige", "report", dict(text="已梳理“小切口”改革案例3个，正在提炼共性路径。", percent=55,
                                              target_actuals={"形成路径案例": "3"}))]),
    dict(title="围绕“强城”“兴村”“融合”缩小三大差距，巩固城乡融合发展质效", programme=P_COMMON,
         lead_unit="白杨街道", co_units=["区委全面深化改革委员会办公室"], leader="zhanghuina", deadline=-6,
         source_kind="plan", milestones=[("摸清底数", -60)],
         steps=[(-110, "supervisor", "assign"), (-109, "zhanghuina", "review"), (-104, "baiyang", "sign"),
                (-70, "baiyang", "report", dict(text="已完成村社底数摸排。", percent=30,
                                                 milestones_done=["摸清底数"])),
                (-10, "supervisor", "urge", dict(text="已临近完成时限，请加快推进并报送进展。"))]),
    dict(title="结合人工智能、低碳零碳等新要求，丰富优化改革举措", programme=P_COMMON,
         lead_unit="区委全面深化改革委员会办公室", leader="leader", deadline=60, source_kind="meeting",
         source_ref=MEETING_REF, steps=[(-3, "supervisor", "assign")]),
    dict(title="做实审计整改“下半篇文章”，建立整改闭环台账", programme=P_AUDIT, lead_unit="区审计局",
         leader="mayuhui", deadline=30, source_kind="audit_finding", source_ref="钱审〔2026〕5号",
         problem_category="整改机制", rectification_class="ongoing", measures="建立问题清单、责任清单、整改清单",
         steps=[(-100, "auditor", "assign"), (-98, "liaison", "sign"),
                (-40, "liaison", "report", dict(text="整改台账已建立，覆盖2025年度审计查出问题42个。", percent=40))]),
    dict(title="以人工智能提升审计监督质效：建设“科技强审”数据分析平台", programme=P_AUDIT, lead_unit="区审计局",
         co_units=["区财政局"], leader="mayuhui", deadline=45, source_kind="meeting",
         source_ref="一届区委审计委员会第八次会议", targets=[("接入数据单位", "30", "个")],
         steps=[(-90, "auditor", "assign"), (-89, "liaison", "sign"),
                (-30, "liaison", "report", dict(text="平台上线试运行，接入财政、社保等数据。", percent=80,
                                                 target_actuals={"接入数据单位": "31"},
                                                 evidence=["平台上线试运行报告"])),
                (-1, "liaison", "request_closure", dict(text="平台已正式上线，申请销号。",
                                                         evidence=["平台验收意见"]))]),
    dict(title="民生资金和项目审计发现问题整改（保障性住房项目）", programme=P_AUDIT, lead_unit="区住房和城乡建设局",
         co_units=["区审计局"], deadline=50, source_kind="audit_finding", source_ref="钱审〔2026〕9号",
         problem_category="民生资金", rectification_class="staged",
         milestones=[("完成问题资金清理", 20), ("建立长效监管机制", 50)],
         steps=[(-5, "auditor", "assign")]),
    dict(title="重大政策措施落实跟踪审计发现问题整改（立行立改）", programme=P_AUDIT, lead_unit="区审计局",
         deadline=-50, source_kind="audit_finding", source_ref="钱审〔2026〕3号", problem_category="政策落实",
         rectification_class="immediate",
         steps=[(-115, "auditor", "assign"), (-114, "liaison", "sign"),
                (-70, "liaison", "report", dict(text="问题已立行立改，资金已追回。", percent=100,
                                                 evidence=["资金追回凭证"])),
                (-69, "liaison", "request_closure", dict(text="已整改到位。")),
                (-66, "auditor", "approve", dict(comment="佐证齐全，同意销号。"))]),
    dict(title="落实《钱塘区迎接上级审计工作机制》", programme=P_AUDIT, lead_unit="区审计局", deadline=20,
         source_kind="meeting", source_ref="一届区委审计委员会第八次会议", steps=[(-1, "auditor", "assign")]),
    dict(title="持续推进建筑垃圾综合治理", programme=P_INSPECT, lead_unit="区城市管理局",
         co_units=["区住房和城乡建设局"], leader="zhanghuina", deadline=15, source_kind="inspection_feedback",
         source_ref="省委巡视反馈问题第7项", problem_category="生态环境", rectification_class="staged",
         milestones=[("消纳场所规划报批", -12)], targets=[("违规处置点位清零", "36", "个")],
         steps=[(-112, "supervisor", "assign"), (-110, "chengguan", "sign"),
                (-50, "chengguan", "report", dict(text="排查违规处置点位36个，已清零21个。", percent=50,
                                                   target_actuals={"违规处置点位清零": "21"})),
                (-8, "supervisor", "urge", dict(text="节点已逾期，请说明原因。"))]),
    dict(title="以整改促创新，形成可学可鉴的“钱塘经验”", programme=P_INSPECT,
         lead_unit="区委全面深化改革委员会办公室", deadline=-80, source_kind="inspection_feedback",
         source_ref="区委落实省委巡视反馈意见整改工作推进会",
         steps=[(-119, "supervisor", "assign"), (-118, "gaige", "sign"),
                (-95, "gaige", "report", dict(text="形成经验材料2篇，入选市级典型案例。", percent=100,
                                               evidence=["钱塘经验材料"])),
                (-94, "gaige", "request_closure"), (-92, "supervisor", "approve"),
                (-5, "supervisor", "recheck", dict(consolidated=True, comment="回头看未发现反弹。"))]),
    dict(title="强化预案管理，提升风险预警预测预防能力", programme=P_INSPECT, lead_unit="区市场监督管理局",
         deadline=-60, source_kind="inspection_feedback", source_ref="省委巡视反馈问题第15项",
         steps=[(-116, "supervisor", "assign"), (-115, "shijian", "sign"),
                (-75, "shijian", "report", dict(text="修订应急预案12项。", percent=100, evidence=["预案修订清单"])),
                (-74, "shijian", "request_closure"), (-72, "supervisor", "approve"),
                (-9, "supervisor", "recheck", dict(consolidated=False, comment="回头看发现2项预案未演练，问题反弹。",
                                                   new_deadline=12)),
                (-4, "shijian", "report", dict(text="已组织演练1项。", percent=60))]),
    dict(title="抓紧研究制定东部湾新城行动方案和年度计划", programme=P_NEWTOWN,
         lead_unit="东部湾新城（大创小镇）指挥部", leader="leader", deadline=35, source_kind="meeting",
         source_ref="东部湾新城（大创小镇）开发建设誓师大会",
         milestones=[("形成征求意见稿", "-20"), ("提请区委常委会审议", "-5")],
         steps=[(-100, "supervisor", "assign"), (-99, "dongbuwan", "sign"),
                (-3, "dongbuwan", "report", dict(text="行动方案框架已形成，正在征求部门和街道意见。", percent=45))]),
    dict(title="完善指挥部内部运转机制", programme=P_NEWTOWN, lead_unit="东部湾新城（大创小镇）指挥部",
         deadline=8, source_kind="meeting", source_ref="东部湾新城（大创小镇）开发建设誓师大会",
         steps=[(-100, "supervisor", "assign"), (-97, "dongbuwan", "sign"),
                (-20, "dongbuwan", "report", dict(text="处室职责已明确，议事规则起草中。", percent=60)),
                (-1, "dongbuwan", "extend", dict(new_deadline=30, reason="议事规则需提请党工委会议审议，会期在下月。"))]),
    dict(title="《杭州市钱塘区2026年度重大行政决策事项目录》合法性审查", programme=P_DECISION,
         lead_unit="区司法局", deadline=28, source_kind="decision_catalogue", source_ref="区政府常务会议（3月27日）",
         milestones=[("公众参与（征求意见不少于30日）", -60), ("专家论证", -25), ("风险评估", -15),
                     ("合法性审查", -8), ("集体讨论决定", -2)],
         steps=[(-90, "supervisor", "assign"), (-89, "sifa", "sign"),
                (-55, "sifa", "report", dict(text="公众参与已完成，收到意见17条。", percent=30,
                                              milestones_done=["公众参与（征求意见不少于30日）"]))]),
    dict(title="区委改革专班加强统筹协调和总结推广，形成更多特色亮点", programme=P_MEETING,
         lead_unit="区委全面深化改革委员会办公室", deadline=55, source_kind="meeting", source_ref=MEETING_REF,
         steps=[(-100, "supervisor", "assign"), (-99, "gaige", "sign"),
                (-5, "gaige", "report", dict(text="编发改革简报4期。", percent=50))]),
    dict(title="检验检测产业区院合作规划深化细化", programme=P_MEETING, lead_unit="区市场监督管理局", deadline=40,
         source_kind="instruction", source_ref="区委书记调研检验检测产业发展工作",
         steps=[(-60, "supervisor", "assign"), (-30, "supervisor", "cancel",
                                               dict(reason="已并入区院战略合作年度计划统一督办。"))]),
    dict(title="围绕“兴村”深化创新探索，推进强村公司提质增效", programme=P_MEETING, lead_unit="前进街道",
         deadline=22, source_kind="meeting", source_ref=MEETING_REF,
         steps=[(-90, "supervisor", "assign"), (-88, "outsider", "sign"),
                (-7, "outsider", "report", dict(text="强村公司项目签约2个。", percent=40))]),
]


SUBTASKS = [  # parent title, subtask fields
    ("抓紧研究制定东部湾新城行动方案和年度计划",
     dict(title="城市更新专项方案（东部湾新城行动方案分解）", lead_unit="东部湾新城指挥部城市更新处", deadline=30,
          by="dongbuwan", steps=[(-3, "supervisor", "assign")])),
    ("抓紧研究制定东部湾新城行动方案和年度计划",
     dict(title="产业招引年度计划（东部湾新城行动方案分解）", lead_unit="东部湾新城指挥部经济发展一处", deadline=30,
          by="dongbuwan", steps=[(-3, "supervisor", "assign")])),
]


def _day(today: dt.date, offset: int) -> dt.date:
    return add_workdays(today, offset)


def _run_step(task, today, offset, username, action, kwargs):
    actor = User.objects.get(username=username)
    kwargs = dict(kwargs)
    if "evidence" in kwargs:
        kwargs["evidence"] = [_docx(name, f"{task.title}：{name}") for name in kwargs["evidence"]]
    for key in ("new_deadline",):
        if isinstance(kwargs.get(key), int):
            kwargs[key] = _day(today, kwargs[key])
    calls = {
        "assign": svc.task_assign, "review": lambda **kw: svc.task_review(approve=True, **kw),
        "sign": svc.task_sign, "report": svc.task_report, "request_closure": svc.task_request_closure,
        "approve": svc.closure_approve, "recheck": svc.task_recheck, "urge": svc.task_urge,
        "cancel": svc.task_cancel, "extend": svc.extension_request,
    }
    with clock.travel(_day(today, offset)):
        calls[action](actor=actor, task_id=task.pk, **kwargs)


def _create(spec: dict, today: dt.date, created: int, parent=None):
    spec = dict(spec)
    steps = spec.pop("steps", [])
    by = spec.pop("by", "supervisor")
    deadline = _day(today, spec.pop("deadline"))
    milestones = []
    for name, when in spec.pop("milestones", []):
        milestones.append({"name": name, "workdays_before": int(when[1:])} if isinstance(when, str)
                          else {"name": name, "due_on": _day(today, when)})
    targets = [{"metric": m, "target": t, "unit_of_measure": u} for m, t, u in spec.pop("targets", [])]
    programme = spec.pop("programme", parent.programme.name if parent else None)
    with clock.travel(_day(today, created)):
        task = svc.task_create(actor=User.objects.get(username=by), programme=programme, deadline=deadline,
                               responsible_leader=spec.pop("leader", None), milestones=milestones,
                               targets=targets, parent=parent.pk if parent else None, **spec)
    for offset, username, action, *rest in steps:
        _run_step(task, today, offset, username, action, rest[0] if rest else {})
    return task


def load_tasks(*, start: dt.date, today: dt.date) -> int:
    created = {}
    for spec in TASKS:
        first_step = min((s[0] for s in spec.get("steps", [])), default=-2)
        created[spec["title"]] = _create(spec, today, first_step - 1)
    for parent_title, spec in SUBTASKS:
        _create(spec, today, -4, parent=created[parent_title])
    return len(created) + len(SUBTASKS)
