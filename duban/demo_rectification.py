"""The demo's audit and inspection work, as the seed page tells it: the district's 2026 audit
project plan with findings in two classes, and the provincial inspection's rectification with its
approved plan and the 2-month report falling due. Created through the services, at their dates."""
import datetime as dt

from duban.audit import services as audit
from duban.core import clock
from duban.core.workdays import add_workdays
from duban.demo_tasks import P_AUDIT, P_INSPECT, _docx
from duban.inspection import services as insp
from duban.org.models import User
from duban.tasks import services as loop
from duban.tasks.kinds.inspection import add_months

PLAN = "钱塘区2026年度审计项目计划"
FEEDBACK = "省委第五巡视组对钱塘区巡视反馈意见"
PROJECTS = [
    dict(name="区住房和城乡建设局2025年度预算执行审计", project_type="预算执行审计", organising_unit="区委审计委员会办公室",
         implementing_unit="区审计局", objective="摸清预算执行和财政资金使用绩效", scope_units="区住房和城乡建设局",
         scope_matters="预算执行、政府采购、工程款支付", scope_period="2025年度", key_points="工程款结算、专项资金管理",
         schedule="2026年4月—7月"),
    dict(name="民生资金和项目专项审计（保障性住房）", project_type="专项审计", organising_unit="区委审计委员会办公室",
         implementing_unit="区审计局", objective="推动保障性住房政策落地见效", scope_units="区住房和城乡建设局、各街道",
         scope_matters="保障性住房建设、分配和运营", scope_period="2024—2025年度", schedule="2026年5月—9月"),
]
PROBLEMS = [
    ("部分建筑垃圾消纳场所监管不到位，跨区域偷倒乱倒问题反弹", "区城市管理局", "chengguan"),
    ("城市更新项目推进缓慢，部分老旧小区改造未按期完工", "区住房和城乡建设局", "zhujian"),
    ("食品安全风险预警机制不健全，预案管理流于形式", "区市场监督管理局", "shijian"),
]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _at(day: dt.date, call, **kwargs):
    with clock.travel(day):
        return call(**kwargs)


def load_audit(today: dt.date) -> int:
    def day(offset: int) -> dt.date:  # working days from today, as the task specs count them
        return add_workdays(today, offset)

    auditor = _user("auditor")
    _at(day(-100), audit.audit_plan_create, actor=auditor, programme=P_AUDIT, title=PLAN, document_no="钱审〔2026〕5号")
    projects = [_at(day(-100), audit.audit_project_add, actor=auditor, plan=PLAN, **spec) for spec in PROJECTS]
    _at(day(-99), audit.audit_plan_approve, actor=_user("leader"), plan=PLAN)
    immediate = _at(day(-60), audit.finding_create, actor=auditor, project_id=projects[0].pk,
                    problem="违规向施工单位预付工程款，未按合同约定及时扣回", category="工程款支付",
                    rectification_class="立行立改", audited_unit="区住房和城乡建设局", amount="86.4", recover="86.4",
                    responsible_leader="分管副局长", measures="督促施工单位限期退回，完善工程款支付审核")
    staged = _at(day(-60), audit.finding_create, actor=auditor, project_id=projects[1].pk,
                 problem="保障性住房项目配套设施建设滞后，部分已竣工房源空置", category="民生项目",
                 rectification_class="分阶段整改", audited_unit="区住房和城乡建设局", amount="1250", rules_to_make=2,
                 responsible_leader="局长", measures="分批完成配套设施建设，建立房源分配动态管理制度",
                 stages=[{"name": "完成配套设施招标", "due_on": day(-10)},
                         {"name": "配套设施建成交付", "due_on": day(40)}])
    zhujian = _user("zhujian")
    for finding in (immediate, staged):
        _at(day(-58), loop.task_sign, actor=zhujian, task_id=finding.task_id)
    _at(day(-40), loop.task_report, actor=zhujian, task_id=immediate.task_id, text="施工单位已退回预付款86.4万元。",
        percent=100, target_actuals={"整改金额": "86.4"})
    _at(day(-20), loop.task_request_closure, actor=zhujian, task_id=immediate.task_id, text="已全额扣回。",
        evidence=[_docx("预付款退回凭证", "施工单位退回预付工程款86.4万元的银行回单。")])
    _at(day(-18), audit.finding_check, actor=auditor, task_id=immediate.task_id, passed=True,
        comment="经核查银行回单，款项已全额扣回")
    _at(day(-12), loop.task_report, actor=zhujian, task_id=staged.task_id, text="配套设施已完成招标，正在施工。",
        percent=40, milestones_done=["完成配套设施招标"])
    return 2


def load_inspection(today: dt.date) -> int:
    feedback_on = add_months(today, -2) + dt.timedelta(days=6)  # the report falls due within days
    supervisor = _user("supervisor")
    feedback = _at(feedback_on, insp.feedback_create, actor=supervisor, programme=P_INSPECT, title=FEEDBACK,
                   inspected_unit="钱塘区", feedback_on=feedback_on, problems=[text for text, _u, _l in PROBLEMS])
    for problem, (_text, unit, _liaison) in zip(feedback.problems.all(), PROBLEMS, strict=True):
        _at(feedback_on + dt.timedelta(days=3), insp.measure_add, actor=supervisor, problem_id=problem.pk,
            text="对照问题清单逐项整改，建立长效机制，防止问题反弹", lead_unit=unit, leader="zhanghuina",
            deadline=today + dt.timedelta(days=60))
    _at(feedback_on + dt.timedelta(days=5), insp.rectification_plan_approve, actor=_user("leader"),
        feedback_id=feedback.pk)
    _at(feedback_on + dt.timedelta(days=6), insp.rectification_plan_start, actor=supervisor, feedback_id=feedback.pk)
    first = feedback.problems.get(seq=1).task
    _at(feedback_on + dt.timedelta(days=8), loop.task_sign, actor=_user("chengguan"), task_id=first.pk)
    _at(today - dt.timedelta(days=5), loop.task_report, actor=_user("chengguan"), task_id=first.pk,
        text="已开展消纳场所专项检查，查处偷倒案件12起。", percent=50)
    return len(PROBLEMS) + 1


def load_rectification(*, today: dt.date) -> int:
    return load_audit(today) + load_inspection(today)
