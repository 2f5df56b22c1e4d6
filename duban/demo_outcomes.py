"""The demo's ratings and cases: the congress standing committee's rating of the departments'
rule-of-law reports (人大常委会…并开展满意度测评), and the 钱塘经验 written up as a case
(可输出的路径案例). Created through the services at the dates they would have happened."""
from duban.core import clock
from duban.core.workdays import add_workdays
from duban.org.models import User
from duban.org.services import user_create

OBSERVERS = [("congress", "李代表", "区人大常委会委员"), ("congress2", "黄代表", "区人大常委会委员"),
             ("congress3", "许代表", "区人大常委会委员")]
REPORTS = [("区司法局2025年度法治政府建设情况报告", "区司法局"),
           ("区审计局2025年度法治政府建设情况报告", "区审计局"),
           ("区住建局2025年度法治政府建设情况报告", "区住房和城乡建设局"),
           ("区城管局2025年度法治政府建设情况报告", "区城市管理局")]
BALLOTS = {"congress": ["satisfied", "satisfied", "basic", "unsatisfied"],
           "congress2": ["satisfied", "basic", "basic", "basic"],
           "congress3": ["basic", "satisfied", "unsatisfied", "unsatisfied"]}


def load_outcomes(*, today, password: str) -> None:
    with clock.travel(add_workdays(today, -30)):
        for username, name, title in OBSERVERS:
            user_create(actor=None, username=username, password=password, unit="钱塘区", role="observer",
                        display_name=name, title=title)
    _rating(today)
    _case(today)


def _rating(today) -> None:
    from duban.ratings import services as svc

    supervisor = User.objects.get(username="supervisor")
    with clock.travel(add_workdays(today, -25)):
        rnd = svc.round_create(actor=supervisor, title="2025年度部门法治政府建设情况报告满意度测评",
                               owner_unit="钱塘区", into_assessment=True, threshold=80)
        items = [svc.round_item_add(actor=supervisor, round_id=rnd.pk, name=name, unit=unit) for name, unit in REPORTS]
        svc.round_raters_add(actor=supervisor, round_id=rnd.pk, usernames=list(BALLOTS))
        svc.round_open(actor=supervisor, round_id=rnd.pk)
    with clock.travel(add_workdays(today, -22)):
        for username, choices in BALLOTS.items():
            svc.ballot_cast(actor=User.objects.get(username=username), round_id=rnd.pk,
                            choices={item.pk: choice for item, choice in zip(items, choices, strict=True)},
                            comments={items[3].pk: "执法公示不够及时"} if username == "congress" else {})
    with clock.travel(add_workdays(today, -20)):
        svc.round_close(actor=supervisor, round_id=rnd.pk)


def _case(today) -> None:
    from duban.cases import services as svc
    from duban.tasks.models import Task

    task = Task.objects.get(title="以整改促创新，形成可学可鉴的“钱塘经验”")
    with clock.travel(add_workdays(today, -4)):
        case = svc.case_create(
            actor=User.objects.get(username="gaige"), task_id=task.pk, title="以巡视整改促改革创新的“钱塘经验”",
            background="省委巡视反馈指出，改革创新成果转化为制度机制不够，可复制推广的经验总结不足。",
            measures="建立“问题清单—整改方案—制度成果”三张表，逐项明确牵头单位和完成时限。\n"
                     "整改完成的事项由区委改革办提炼做法，形成经验材料，报区委深改委审议。",
            results="形成经验材料2篇，入选市级典型案例；回头看未发现问题反弹。",
            figures=[{"name": "经验材料", "value": "2篇"}, {"name": "入选市级典型案例", "value": "1个"}],
            keywords="巡视整改 改革创新 经验推广")
        svc.case_submit(actor=User.objects.get(username="gaige"), case_id=case.pk)
    with clock.travel(add_workdays(today, -3)):
        svc.case_review(actor=User.objects.get(username="supervisor"), case_id=case.pk, publish=True)
