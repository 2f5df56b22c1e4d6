"""`duban audit ...`: the annual audit plan, findings and their 整改台账, reports; thin over
duban.audit's services."""
from duban.cli.common import actor_arg, actor_of, json_arg, viewer_of


def register(sub) -> None:
    asub = sub.add_parser("audit", help="审计整改").add_subparsers(dest="audit_command", required=True)
    plan = asub.add_parser("plan", help="年度审计项目计划").add_subparsers(dest="plan_command", required=True)
    p = plan.add_parser("list", help="列出审计项目计划")
    p.add_argument("--year", type=int)
    actor_arg(p, required=False)
    json_arg(p)
    p.set_defaults(handler=cmd_plan_list)
    p = plan.add_parser("add", help="编制审计项目计划")
    p.add_argument("title")
    p.add_argument("--programme", required=True, help="审计整改类督办项目")
    p.add_argument("--document-no", default="", help="文号，如 钱审〔2026〕5号")
    actor_arg(p)
    p.set_defaults(handler=cmd_plan_add)
    p = plan.add_parser("approve", help="审定审计项目计划（领导）")
    p.add_argument("title")
    actor_arg(p)
    p.set_defaults(handler=cmd_plan_approve)
    p = plan.add_parser("export", help="导出审计项目计划（.xlsx 或 .docx）")
    p.add_argument("title")
    p.add_argument("--out", required=True)
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_plan_export)
    _project_parser(asub)
    _finding_parsers(asub)
    for name, help_text in (("report", "审计项目整改情况报告（.docx）"), ("summary", "年度审计整改情况报告（.docx）")):
        p = asub.add_parser(name, help=help_text)
        p.add_argument("--project" if name == "report" else "--year", required=True,
                       type=str if name == "report" else int)
        p.add_argument("--out", required=True)
        actor_arg(p, required=False)
        p.set_defaults(handler=cmd_report if name == "report" else cmd_summary)


def _project_parser(asub) -> None:
    p = asub.add_parser("project", help="审计项目").add_subparsers(dest="project_command", required=True)
    p = p.add_parser("add", help="在计划中增加审计项目")
    p.add_argument("--plan", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--type", required=True, dest="project_type")
    p.add_argument("--organising-unit", required=True)
    p.add_argument("--implementing-unit", required=True)
    for field in ("objective", "scope-units", "scope-matters", "scope-period", "key-points", "schedule"):
        p.add_argument(f"--{field}", default="")
    actor_arg(p)
    p.set_defaults(handler=cmd_project_add)


def _finding_parsers(asub) -> None:
    fsub = asub.add_parser("finding", help="审计查出问题").add_subparsers(dest="finding_command", required=True)
    p = fsub.add_parser("import", help="导入问题清单/整改台账（.xlsx），全部无误才写入")
    p.add_argument("file")
    p.add_argument("--project", required=True, help="审计项目编号或名称")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    json_arg(p)
    actor_arg(p)
    p.set_defaults(handler=cmd_finding_import)
    p = fsub.add_parser("export", help="导出审计项目的整改台账（.xlsx）")
    p.add_argument("--project", required=True)
    p.add_argument("--out", required=True)
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_finding_export)
    p = fsub.add_parser("check", help="审计机关核查销号申请的佐证材料")
    p.add_argument("task", type=int)
    p.add_argument("--fail", action="store_true", help="核查未通过，退回整改")
    p.add_argument("--comment", default="")
    actor_arg(p)
    p.set_defaults(handler=cmd_finding_check)


def cmd_plan_list(args):
    from duban.audit.selectors import plan_as_data, plans_visible_to

    plans = [plan_as_data(plan) for plan in plans_visible_to(viewer_of(args), year=args.year)]
    if args.json:
        return plans
    return "\n".join(f"{p['title']}（{p['year']}年，{p['document_no'] or '无文号'}，"
                     f"{'已审定' if p['approved_on'] else '待审定'}）：{len(p['projects'])}个项目"
                     for p in plans) or "没有审计项目计划"


def cmd_plan_add(args):
    from duban.audit.services import audit_plan_create

    plan = audit_plan_create(actor=actor_of(args), programme=args.programme, title=args.title,
                             document_no=args.document_no)
    return f"已编制「{plan.title}」"


def cmd_plan_approve(args):
    from duban.audit.services import audit_plan_approve

    plan = audit_plan_approve(actor=actor_of(args), plan=args.title)
    return f"「{plan.title}」已审定（{plan.approved_on.isoformat()}）"


def cmd_plan_export(args):
    from duban.audit.plan_docs import plan_docx, plan_xlsx
    from duban.audit.selectors import access_plan, plans_visible_to
    from duban.core.errors import DomainError

    found = [p for p in plans_visible_to(viewer_of(args)) if p.title == args.title]
    if not found:
        raise DomainError(f"没有名为「{args.title}」的审计项目计划")
    plan = access_plan(viewer_of(args), found[0].pk)
    if args.out.lower().endswith(".docx"):
        return f"已导出 {plan_docx(plan, args.out)}"
    if args.out.lower().endswith(".xlsx"):
        return f"已导出 {plan_xlsx(plan, args.out)}"
    raise DomainError("--out 应以 .xlsx 或 .docx 结尾")


def cmd_project_add(args):
    from duban.audit.services import audit_project_add

    texts = {k: getattr(args, k) for k in ("objective", "scope_units", "scope_matters", "scope_period",
                                           "key_points", "schedule")}
    project = audit_project_add(actor=actor_of(args), plan=args.plan, name=args.name, project_type=args.project_type,
                                organising_unit=args.organising_unit, implementing_unit=args.implementing_unit,
                                **texts)
    return f"已增加审计项目「{project.name}」（编号 {project.pk}）"


def cmd_finding_import(args):
    from duban.audit.ledger import findings_import
    from duban.audit.selectors import access_project

    actor = actor_of(args)
    project = access_project(actor, args.project)
    result = findings_import(actor=actor, path=args.file, project_id=project.pk, dry_run=args.dry_run)
    if args.json:
        return result
    verb = "检查通过，可导入" if args.dry_run else "已导入"
    return f"{verb}{result['rows']}个问题到「{result['project']}」"


def cmd_finding_export(args):
    from duban.audit.ledger import findings_export
    from duban.audit.selectors import access_project

    project = access_project(viewer_of(args), args.project)
    return f"已导出 {findings_export(project=project, target=args.out)}"


def cmd_finding_check(args):
    from duban.audit.services import finding_check

    task = finding_check(actor=actor_of(args), task_id=args.task, passed=not args.fail, comment=args.comment)
    return f"事项 {task.code}：{task.get_state_display()}"


def cmd_report(args):
    from duban.audit.reports import project_report_data, rectification_docx
    from duban.audit.selectors import access_project

    project = access_project(viewer_of(args), args.project)
    data = project_report_data(project)
    rectification_docx(data, args.out, heading="审计整改情况报告")
    return f"已生成 {args.out}：问题{data.total}个，已完成整改{data.done}个"


def cmd_summary(args):
    from duban.audit.models import AuditProject
    from duban.audit.reports import rectification_docx, year_summary_data
    from duban.audit.selectors import plans_visible_to

    plans = plans_visible_to(viewer_of(args), year=args.year)
    data = year_summary_data(args.year, AuditProject.objects.filter(plan__in=plans))
    rectification_docx(data, args.out, heading=f"关于{args.year}年度审计查出问题整改情况的报告")
    return f"已生成 {args.out}：问题{data.total}个，已完成整改{data.done}个"


