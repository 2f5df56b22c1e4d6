"""`duban case …`: write a case from a closed task or a programme, submit, review, browse, export."""

from duban.cli.common import actor_arg, actor_of, json_arg


def register(sub) -> None:
    csub = sub.add_parser("case", help="案例库").add_subparsers(dest="case_command", required=True)
    p = csub.add_parser("create", help="从已销号事项（--task）或督办项目（--programme）撰写案例")
    p.add_argument("--task", type=int)
    p.add_argument("--programme", type=int)
    p.add_argument("--title", required=True)
    p.add_argument("--background", required=True)
    p.add_argument("--measures", required=True)
    p.add_argument("--results", required=True)
    p.add_argument("--figure", action="append", default=None, metavar="名称=数值",
                   help="成效数据；不填则取事项的量化指标完成值")
    p.add_argument("--keywords", default="")
    _common(p, cmd_create)
    p = csub.add_parser("submit", help="提交审核")
    p.add_argument("case", type=int)
    _common(p, cmd_submit)
    p = csub.add_parser("review", help="审核：--publish 入库，或 --return 退回并写明理由")
    p.add_argument("case", type=int)
    p.add_argument("--publish", action="store_true")
    p.add_argument("--return", dest="return_", action="store_true")
    p.add_argument("--note", default="")
    _common(p, cmd_review)
    p = csub.add_parser("list", help="案例库：已入库的案例，可按关键词检索")
    p.add_argument("--q", default="")
    p.add_argument("--unit", default="")
    p.add_argument("--year", type=int)
    _common(p, cmd_list)
    p = csub.add_parser("export", help="案例（.docx）")
    p.add_argument("case", type=int)
    p.add_argument("--out", required=True)
    _common(p, cmd_export)


def _common(p, handler) -> None:
    actor_arg(p)
    json_arg(p)
    p.set_defaults(handler=handler)


def cmd_create(args):
    from duban.cases.services import case_create

    figures = None
    if args.figure is not None:
        figures = [dict(zip(("name", "value"), f.split("=", 1), strict=False)) for f in args.figure]
    case = case_create(actor=actor_of(args), task_id=args.task, programme_id=args.programme, title=args.title,
                       background=args.background, measures=args.measures, results=args.results,
                       figures=figures, keywords=args.keywords)
    return {"case": case.pk, "state": case.state} if args.json else f"案例 {case.pk}「{case.title}」已保存为草稿"


def cmd_submit(args):
    from duban.cases.services import case_submit

    case = case_submit(actor=actor_of(args), case_id=args.case)
    return {"case": case.pk, "state": case.state} if args.json else "案例已提交审核"


def cmd_review(args):
    from duban.cases.services import case_review
    from duban.core.errors import DomainError

    if args.publish == args.return_:
        raise DomainError("请选择 --publish（入库）或 --return（退回）之一")
    case = case_review(actor=actor_of(args), case_id=args.case, publish=args.publish, note=args.note)
    return {"case": case.pk, "state": case.state} if args.json else f"案例{case.get_state_display()}"


def cmd_list(args):
    from duban.cases.services import cases_published

    rows = [{"case": c.pk, "title": c.title, "unit": c.unit.name, "published_on": c.published_on}
            for c in cases_published(q=args.q, unit=args.unit, year=args.year)]
    if args.json:
        return rows
    return "\n".join(f"{r['case']}\t{r['title']}\t{r['unit']}\t{r['published_on']}" for r in rows) or "没有找到案例"


def cmd_export(args):
    from duban.cases.documents import case_docx

    path = case_docx(user=actor_of(args), case_id=args.case, out=args.out)
    return {"out": str(path)} if args.json else f"案例已导出：{path}"


