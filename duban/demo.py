"""The demo district: 钱塘区 as the page of 钱塘新区报 of 2026-03-31 describes it.

Everything is created through the services, at the dates it would have happened, so the event
log, the lights and the history are what a real office would have after months of use.
"""

from django.db import transaction

from duban.core import clock
from duban.core.workdays import add_workdays
from duban.org.models import Unit, User
from duban.org.services import membership_add, unit_create, user_create
from duban.tasks.services.programmes import programme_create

PASSWORD = "duban-demo"
LOGINS = (f"演示登录（密码均为 {PASSWORD}）：supervisor（区委督查室）、liaison（区审计局联络员）、"
          "leader（区委书记）、outsider（前进街道联络员）、auditor（区审计局）、congress（区人大常委会委员）、admin")

UNITS = [  # name, kind, parent, short name
    ("钱塘区", "region", None, "钱塘"),
    ("区委办公室", "department", "钱塘区", "区委办"),
    ("区委督查室", "department", "区委办公室", "督查室"),
    ("区委全面深化改革委员会办公室", "department", "钱塘区", "区委改革办"),
    ("区委改革专班", "body", "区委全面深化改革委员会办公室", "改革专班"),
    ("区委审计委员会办公室", "department", "钱塘区", "区委审计办"),
    ("区审计局", "department", "钱塘区", "审计局"),
    ("区纪委区监委", "department", "钱塘区", "纪委监委"),
    ("区委组织部", "department", "钱塘区", "组织部"),
    ("区委宣传部", "department", "钱塘区", "宣传部"),
    ("区发展和改革局", "department", "钱塘区", "区发改局"),
    ("区财政局", "department", "钱塘区", "财政局"),
    ("区住房和城乡建设局", "department", "钱塘区", "区住建局"),
    ("区城市管理局", "department", "钱塘区", "区城管局"),
    ("区市场监督管理局", "department", "钱塘区", "区市场监管局"),
    ("区经济和信息化局", "department", "钱塘区", "区经信局"),
    ("区司法局", "department", "钱塘区", "司法局"),
    ("区民政局", "department", "钱塘区", "民政局"),
    ("区农业农村局", "department", "钱塘区", "农业农村局"),
    ("市规划资源局钱塘分局", "department", "钱塘区", "规划分局"),
    ("东部湾新城（大创小镇）指挥部", "headquarters", "钱塘区", "东部湾指挥部"),
    ("东部湾新城指挥部城市更新处", "department", "东部湾新城（大创小镇）指挥部", "城市更新处"),
    ("东部湾新城指挥部经济发展一处", "department", "东部湾新城（大创小镇）指挥部", "经发一处"),
    ("区投资集团", "enterprise", "钱塘区", "投资集团"),
    ("白杨街道", "street", "钱塘区", "白杨"),
    ("下沙街道", "street", "钱塘区", "下沙"),
    ("河庄街道", "street", "钱塘区", "河庄"),
    ("义蓬街道", "street", "钱塘区", "义蓬"),
    ("前进街道", "street", "钱塘区", "前进"),
]

USERS = [  # username, name, title, unit, role
    ("admin", "系统管理员", "信息中心", "钱塘区", "admin"),
    ("supervisor", "陈督查", "区委督查室督查员", "钱塘区", "supervisor"),
    ("auditor", "王审计", "区审计局审计员", "钱塘区", "auditor"),
    ("liaison", "刘联络", "区审计局联络员", "区审计局", "liaison"),
    ("outsider", "周联络", "前进街道联络员", "前进街道", "liaison"),
    ("leader", "沈燕俊", "区委书记", "钱塘区", "leader"),
    ("zhanghuina", "张蕙娜", "区长", "钱塘区", "leader"),
    ("mayuhui", "马于惠", "副区长", "钱塘区", "leader"),
    ("gaige", "李改革", "区委改革办联络员", "区委全面深化改革委员会办公室", "liaison"),
    ("zhujian", "赵住建", "区住建局联络员", "区住房和城乡建设局", "liaison"),
    ("chengguan", "孙城管", "区城管局联络员", "区城市管理局", "liaison"),
    ("dongbuwan", "吴新城", "东部湾指挥部联络员", "东部湾新城（大创小镇）指挥部", "liaison"),
    ("baiyang", "郑白杨", "白杨街道联络员", "白杨街道", "liaison"),
    ("shijian", "钱市监", "区市场监管局联络员", "区市场监督管理局", "liaison"),
    ("sifa", "冯司法", "区司法局联络员", "区司法局", "liaison"),
]

PROGRAMMES = [  # name, kind, owner, settings
    ("2026年共同富裕30项重点任务", "plan", "区委全面深化改革委员会办公室", {"leader_review": True}),
    ("2026年度审计项目计划", "audit", "区审计局", {"report_cycle_workdays": 15}),
    ("省委巡视反馈问题整改", "inspection", "区委督查室", {"warning_workdays": 10}),
    ("东部湾新城（大创小镇）开发建设", "plan", "区委督查室", {}),
    ("2026年度重大行政决策事项", "decision", "区司法局", {}),
    ("区委全面深化改革委员会第十三次会议议定事项", "meeting", "区委督查室", {}),
]


def _units():
    for name, kind, parent, short in UNITS:
        unit_create(actor=None, name=name, kind=kind, parent=parent, short_name=short)
    for username, name, title, unit, role in USERS:
        user_create(actor=None, username=username, password=PASSWORD, unit=unit, role=role,
                    display_name=name, title=title)
    membership_add(actor=None, username="auditor", unit="区审计局", role="liaison")


def _programmes(supervisor: User, year: int):
    for name, kind, owner, extra in PROGRAMMES:
        programme_create(actor=supervisor, name=name, year=year, owner_unit=owner, kind=kind, **extra)


@transaction.atomic
def load_demo(*, reset: bool = False) -> str:
    if Unit.objects.exists():
        if not reset:
            return f"演示数据已存在（如需重新载入：duban demo --reset）\n{LOGINS}"
        _wipe()
    today = clock.today()
    start = add_workdays(today, -120)
    with clock.travel(start):
        _units()
        supervisor = User.objects.get(username="supervisor")
        _programmes(supervisor, today.year)
    from duban.demo_tasks import load_tasks

    count = load_tasks(start=start, today=today)
    from duban.demo_rectification import load_rectification

    count += load_rectification(today=today)
    from duban.intake.demo import load_seed_through_intake

    count += load_seed_through_intake(today=today)
    from duban.demo_outcomes import load_outcomes

    load_outcomes(today=today, password=PASSWORD)
    from duban.demo_decisions import load_decisions

    load_decisions(today=today)
    from duban.tallies.services import tallies_fill

    tallies_fill(today=today)  # the trend's past weeks, as the day's first sweep would store them
    return f"已载入演示：{Unit.objects.count()}个单位，{User.objects.count()}个用户，{count}个督办事项\n{LOGINS}"


def _wipe() -> None:
    from duban.audit.models import AuditPlan, EvidenceCheck, Finding
    from duban.cases.models import Case
    from duban.core.models import ChainHead, Event, Holiday
    from duban.decisions.models import Adjustment, Catalogue, Decision
    from duban.inspection.models import Feedback
    from duban.org.models import Membership
    from duban.ratings.models import RatingRound
    from duban.supervision.models import AssessmentEntry
    from duban.tallies.models import (
        CountedTask,
        CountedTerms,
        DayTally,
        LiveCount,
        LiveCountState,
        TalliedDay,
    )
    from duban.tasks.models import Programme, Task

    for model in (Event, ChainHead, Feedback, Finding, EvidenceCheck, AuditPlan, Case, RatingRound, AssessmentEntry,
                  Adjustment, Decision, Catalogue, DayTally, TalliedDay, LiveCount, CountedTask, CountedTerms,
                  LiveCountState):
        model.objects.all().delete()
    Task.objects.filter(parent__isnull=False).delete()
    Task.objects.all().delete()
    Programme.objects.all().delete()
    Membership.objects.all().delete()
    User.objects.all().delete()
    for unit in Unit.objects.order_by("-path"):
        unit.delete()
    Holiday.objects.all().delete()

