"""`duban decision …`: the major administrative decisions catalogue and each decision's steps."""
from duban.cli.common import actor_arg, actor_of, json_arg, parse_date, viewer_of


def register(sub) -> None:
    dsub = sub.add_parser("decision", help="重大行政决策").add_subparsers(dest="decision_command", required=True)
    p = dsub.add_parser("setup", help="建立年度目录")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--programme", required=True, help="重大行政决策类督办项目")
    _common(p, cmd_setup)
    p = dsub.add_parser("add", help="列入决策事项（目录审定后为调整，须 --ground 和 --approval）")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--unit", required=True, help="承办单位")
    p.add_argument("--planned", required=True, help="计划决策时间 YYYY-MM-DD")
    p.add_argument("--legal-basis", default="")
    p.add_argument("--hearing", action="store_true", help="需要听证")
    p.add_argument("--step", action="append", default=[], help="另需履行的程序，如 专家论证；合法性审查和集体讨论决定必经")
    p.add_argument("--ground", default="")
    p.add_argument("--approval", default="")
    _common(p, cmd_add)
    p = dsub.add_parser("approve", help="目录审定（整体）")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--approval", required=True, help="如：区政府常务会议（3月27日）审议通过")
    _common(p, cmd_approve)
    p = dsub.add_parser("reschedule", help="调整决策时间（须理由和批准情况）")
    p.add_argument("id", type=int)
    p.add_argument("--planned", required=True)
    p.add_argument("--ground", required=True)
    p.add_argument("--approval", required=True)
    _common(p, cmd_reschedule)
    p = dsub.add_parser("list", help="目录及各事项的程序进度")
    p.add_argument("--year", type=int)
    json_arg(p)
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_list)
    p = dsub.add_parser("step", help="登记法定程序：--done 完成，或 --skip 说明不适用（必经程序不可跳过）")
    p.add_argument("id", type=int)
    p.add_argument("step", help="公众参与、专家论证、风险评估、合法性审查、集体讨论决定（或其英文代码）")
    p.add_argument("--done", action="store_true")
    p.add_argument("--skip", action="store_true")
    p.add_argument("--on", help="完成日期，默认今天")
    p.add_argument("--note", default="")
    p.add_argument("--reason", default="")
    p.add_argument("--comment-from")
    p.add_argument("--comment-to")
    p.add_argument("--short-reason", default="", help="征求意见少于30日的理由")
    p.add_argument("--document", action="append", default=[], help="本程序的材料文件，可多次使用")
    _common(p, cmd_step)
    p = dsub.add_parser("catalogue", help="输出目录（.docx 或 .xlsx，按 --out 的扩展名）")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", required=True)
    json_arg(p)
    p.set_defaults(handler=cmd_catalogue)


def _common(p, handler) -> None:
    actor_arg(p)
    json_arg(p)
    p.set_defaults(handler=handler)


def cmd_setup(args):
    from duban.decisions.services import catalogue_create

    catalogue = catalogue_create(actor=actor_of(args), year=args.year, programme=args.programme)
    return {"year": catalogue.year, "title": catalogue.title} if args.json else f"已建立《{catalogue.title}》"


def cmd_add(args):
    from duban.decisions.services import decision_add

    decision = decision_add(actor=actor_of(args), year=args.year, name=args.name, unit=args.unit,
                            planned_on=parse_date(args.planned, "计划决策时间"), legal_basis=args.legal_basis,
                            hearing=args.hearing, steps=args.step, ground=args.ground, approval=args.approval)
    return {"id": decision.pk, "seq": decision.seq} if args.json else f"已列入第{decision.seq}项（编号 {decision.pk}）"


def cmd_approve(args):
    from duban.decisions.services import catalogue_approve

    catalogue = catalogue_approve(actor=actor_of(args), year=args.year, approval=args.approval)
    count = catalogue.decisions.count()
    return {"year": catalogue.year, "decisions": count} if args.json else f"目录已审定，{count}个决策事项进入督办"


def cmd_reschedule(args):
    from duban.decisions.services import decision_reschedule

    decision = decision_reschedule(actor=actor_of(args), decision_id=args.id, planned_on=parse_date(args.planned, "计划决策时间"),
                                   ground=args.ground, approval=args.approval)
    return {"id": decision.pk, "planned_on": decision.planned_on} if args.json else "决策时间已调整"


def cmd_list(args):
    from duban.decisions.models import Catalogue
    from duban.decisions.selectors import catalogues_for, decisions_for, progress

    viewer = viewer_of(args)
    catalogues = Catalogue.objects.all() if viewer.pk is None else catalogues_for(viewer)
    rows = [{"id": d.pk, "year": c.year, "seq": d.seq, "name": d.name, "unit": d.unit.name,
             "planned_on": d.planned_on, "hearing": d.hearing, "task": d.task_id, "progress": progress(d),
             "steps": [{"step": s.step, "required": s.required, "done_on": s.done_on} for s in d.steps.all()]}
            for c in catalogues if args.year in (None, c.year)
            for d in (c.decisions.select_related("unit").prefetch_related("steps") if viewer.pk is None
                      else decisions_for(viewer, c))]
    if args.json:
        return rows
    return "\n".join(f"{r['year']}-{r['seq']}\t{r['name']}\t{r['unit']}\t{r['progress']}" for r in rows) or "没有决策事项"


def cmd_step(args):
    from duban.core.errors import DomainError
    from duban.decisions.steps import step_done, step_skip
    from duban.tasks.services.evidence import LocalFile

    if args.done == args.skip:
        raise DomainError("请选择 --done（完成）或 --skip（不适用）之一")
    actor = actor_of(args)
    if args.skip:
        step_skip(actor=actor, decision_id=args.id, step=args.step, reason=args.reason)
        return {"step": args.step, "skipped": True} if args.json else "已登记为不适用"
    row = step_done(actor=actor, decision_id=args.id, step=args.step, done_on=parse_date(args.on, "完成日期"),
                    note=args.note, comment_from=parse_date(args.comment_from, "征求意见开始日期"),
                    comment_to=parse_date(args.comment_to, "征求意见结束日期"), short_reason=args.short_reason,
                    documents=[LocalFile(p) for p in args.document])
    return {"step": row.step, "done_on": row.done_on} if args.json else f"「{row.get_step_display()}」已登记完成"


def cmd_catalogue(args):
    from pathlib import Path

    if Path(args.out).suffix.lower() == ".xlsx":
        from duban.decisions.spreadsheet import catalogue_xlsx

        path = catalogue_xlsx(year=args.year, out=args.out)
    else:
        from duban.decisions.documents import catalogue_docx

        path = catalogue_docx(year=args.year, out=args.out)
    return {"out": str(path)} if args.json else f"目录已输出：{path}"
