"""`duban inspection ...`: inspection feedback, the rectification plan and its disclosure report."""
from duban.cli.common import actor_arg, actor_of, json_arg, parse_date, viewer_of


def register(sub) -> None:
    isub = sub.add_parser("inspection", help="巡视整改").add_subparsers(dest="inspection_command", required=True)
    p = isub.add_parser("feedback", help="录入巡视反馈（问题逐条照录）")
    p.add_argument("title")
    p.add_argument("--programme", required=True)
    p.add_argument("--unit", required=True, help="被巡视单位")
    p.add_argument("--on", required=True, help="反馈日期 YYYY-MM-DD")
    p.add_argument("--problem", action="append", default=[], help="反馈问题，可多次使用")
    p.add_argument("--problems-file", help="问题清单（.xlsx，含「反馈问题」列，可含「问题类别」列）")
    actor_arg(p)
    p.set_defaults(handler=cmd_feedback)
    for name, help_text in (("approve", "审批整改落实方案（领导）"), ("start", "实施已审批的整改落实方案")):
        p = isub.add_parser(name, help=help_text)
        p.add_argument("feedback", type=int, help="反馈编号")
        actor_arg(p)
        p.set_defaults(handler=cmd_approve if name == "approve" else cmd_start)
    p = isub.add_parser("list", help="列出巡视反馈及整改进展")
    actor_arg(p, required=False)
    json_arg(p)
    p.set_defaults(handler=cmd_list)
    p = isub.add_parser("disclosure", help="整改进展情况通报（.docx）")
    p.add_argument("--programme", required=True)
    p.add_argument("--out", required=True)
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_disclosure)


def cmd_feedback(args):
    from duban.inspection.importer import problems_from_xlsx
    from duban.inspection.services import feedback_create

    problems = list(args.problem) + (problems_from_xlsx(args.problems_file) if args.problems_file else [])
    feedback = feedback_create(actor=actor_of(args), programme=args.programme, title=args.title,
                               inspected_unit=args.unit, feedback_on=parse_date(args.on, "反馈日期"),
                               problems=problems)
    return (f"已录入「{feedback.title}」（编号 {feedback.pk}），{feedback.problems.count()}个问题；"
            f"整改情况报告应于{feedback.report_task.deadline.isoformat()}前报送")


def cmd_approve(args):
    from duban.inspection.services import rectification_plan_approve

    rectification_plan_approve(actor=actor_of(args), feedback_id=args.feedback)
    return "整改落实方案已审批"


def cmd_start(args):
    from duban.inspection.services import rectification_plan_start

    plan = rectification_plan_start(actor=actor_of(args), feedback_id=args.feedback)
    return f"整改落实方案已实施，{plan.feedback.problems.count()}个问题进入整改"


def cmd_list(args):
    from duban.inspection.reports import disclosure_data
    from duban.inspection.selectors import feedback_visible_to

    result = []
    for feedback in feedback_visible_to(viewer_of(args)):
        data = disclosure_data([feedback])
        result.append({"id": feedback.pk, "title": feedback.title, "unit": feedback.inspected_unit.name,
                       "feedback_on": feedback.feedback_on, "report_due_on": feedback.report_task.deadline,
                       "plan": feedback.plan.state, "problems": len(data.rows), "done": data.count("done"),
                       "rate": data.rate})
    if args.json:
        return result
    return "\n".join(f"{r['id']} {r['title']}（{r['unit']}）：问题{r['problems']}个，完成{r['done']}个，"
                     f"报告期限{r['report_due_on']}" for r in result) or "没有巡视反馈"


def cmd_disclosure(args):
    from duban.core.errors import DomainError
    from duban.inspection.reports import disclosure_data, disclosure_docx
    from duban.inspection.selectors import feedback_visible_to

    feedbacks = [f for f in feedback_visible_to(viewer_of(args)) if f.programme.name == args.programme]
    if not feedbacks:
        raise DomainError(f"督办项目「{args.programme}」没有可见的巡视反馈")
    data = disclosure_docx(disclosure_data(feedbacks), args.out)
    return f"已生成 {data}"
