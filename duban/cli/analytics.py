"""`duban analytics load|tests|run|leads|confirm|dismiss`: audit data analytics at the command line."""
from duban.cli.common import actor_arg, actor_of, json_arg, parse_date, viewer_of


def register(sub) -> None:
    asub = sub.add_parser("analytics", help="审计数据分析").add_subparsers(dest="analytics_command", required=True)
    p = asub.add_parser("load", help="载入 CSV、xlsx 或 GB/T 24589 凭证 XML 为数据源（全部成功才写入）")
    p.add_argument("file")
    p.add_argument("--source", required=True, help="数据源名称；同名再次载入即替换数据，沿用已保存的列映射")
    p.add_argument("--programme", help="所属审计项目（新数据源必填）")
    p.add_argument("--audited-unit", help="被审计单位（确认疑点后由其整改）")
    p.add_argument("--map", action="append", default=[], metavar="ROLE=列名", help="列映射，如 amount=金额；可多次使用")
    actor_arg(p)
    p.set_defaults(handler=cmd_load)
    p = asub.add_parser("tests", help="列出测试及其说明和参数")
    json_arg(p)
    p.set_defaults(handler=cmd_tests)
    p = asub.add_parser("run", help="对数据源运行一项测试，记录运行并生成疑点；--repeat R 按运行 R 的记录重跑")
    p.add_argument("--source")
    p.add_argument("--test")
    p.add_argument("--repeat", metavar="RUN", help="重跑一次已记录的运行（同一数据源、测试、参数和引擎）")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--engine", default="duckdb", choices=["duckdb", "spark"])
    actor_arg(p)
    json_arg(p)
    p.set_defaults(handler=cmd_run)
    p = asub.add_parser("leads", help="列出一次运行的疑点")
    p.add_argument("--run", required=True)
    actor_arg(p, required=False)
    json_arg(p)
    p.set_defaults(handler=cmd_leads)
    for name, helptext in [("confirm", "确认疑点：生成审计整改事项"), ("dismiss", "排除疑点")]:
        p = asub.add_parser(name, help=helptext)
        p.add_argument("lead")
        p.add_argument("--reason", required=True, help="理由")
        if name == "confirm":
            p.add_argument("--lead-unit", help="负责整改的单位（默认为数据源的被审计单位）")
            p.add_argument("--deadline", help="整改时限 YYYY-MM-DD")
            p.add_argument("--project", type=int, help="记为该审计项目的审计查出问题（审计项目编号）")
            p.add_argument("--class", dest="rectification_class", default="",
                           help="整改类型：immediate（立行立改）、staged、ongoing；默认立行立改")
        actor_arg(p)
        p.set_defaults(handler=cmd_confirm if name == "confirm" else cmd_dismiss)


def _pairs(items: list[str], what: str) -> dict[str, str]:
    from duban.core.errors import DomainError

    result = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise DomainError(f"{what}「{item}」应写成 KEY=VALUE")
        result[key.strip()] = value.strip()
    return result


class Bar:
    """A tqdm bar on stderr that follows the stages a service reports."""

    def __init__(self, label: str):
        from tqdm import tqdm

        self.bar = tqdm(desc=label, unit="步", leave=False, disable=None)

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.bar.total = total
        self.bar.set_postfix_str(stage)
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        self.bar.close()


def cmd_load(args):
    from pathlib import Path

    from duban.analytics.loading import source_load
    from duban.core.errors import DomainError

    path = Path(args.file)
    if not path.is_file():
        raise DomainError(f"找不到文件「{args.file}」")
    bar = Bar("载入")
    try:
        source = source_load(actor=actor_of(args), path=path, name=args.source, programme=args.programme,
                             mapping=_pairs(args.map, "列映射") or None, audited_unit=args.audited_unit, progress=bar)
    finally:
        bar.close()
    return f"已载入数据源「{source.name}」：{source.row_count} 行（{source.encoding}），数据指纹 {source.fingerprint[:12]}"


def cmd_tests(args):
    from duban.analytics.rules import CATALOGUE

    if args.json:
        return [{"code": r.code, "name": r.name, "explain": r.explain, "roles": list(r.roles),
                 "params": [{"name": p.name, "label": p.label, "default": p.default} for p in r.params]}
                for r in CATALOGUE.values()]
    lines = []
    for r in CATALOGUE.values():
        params = "；".join(f"{p.name}={p.default if p.default is not None else '（必填）'} {p.label}" for p in r.params)
        lines.append(f"{r.code}  {r.name}\n    {r.explain}\n    需要：{'、'.join(r.roles)}"
                     + (f"\n    参数：{params}" if params else ""))
    return "\n".join(lines)


def _run(args, bar):
    from duban.analytics.services import run_repeat, run_test
    from duban.core.errors import DomainError

    if args.repeat:
        return run_repeat(actor=actor_of(args), run_id=args.repeat, progress=bar)
    if not args.source or not args.test:
        raise DomainError("请指明 --source 和 --test，或用 --repeat 重跑一次运行")
    return run_test(actor=actor_of(args), source=args.source, test=args.test, params=_pairs(args.param, "参数"),
                    engine=args.engine, progress=bar)


def cmd_run(args):
    bar = Bar("运行")
    try:
        run = _run(args, bar)
    finally:
        bar.close()
    if args.json:
        return {"run": run.pk, "state": run.state, "leads": run.lead_count, "result": run.result}
    if run.state == "failed":
        from duban.core.errors import DomainError

        raise DomainError(f"运行 {run.pk} 未完成：{run.result.get('error')}")
    return (f"运行 {run.pk}：{run.lead_count} 个疑点（duban analytics leads --run {run.pk}），"
            f"数据指纹 {run.fingerprint[:12]}" + _summary(run))


def _summary(run) -> str:
    figures = run.result.get("benford")
    if figures:
        return f"\n样本 {figures['n']} 笔，MAD {figures['mad']:.5f}，{figures['verdict_label']}"
    bands = run.result.get("bands")
    if bands:
        return "".join(f"\n{b['label']}：{b['count']} 笔，{b['amount']:,.2f} 元" for b in bands)
    return ""


def cmd_leads(args):
    from duban.analytics.access import access_run

    run = access_run(viewer_of(args), args.run)
    leads = list(run.leads.all())
    if args.json:
        return [{"lead": lead.pk, "title": lead.title, "rows": lead.row_nos, "state": lead.state,
                 "reason": lead.reason, "task": lead.task_id} for lead in leads]
    return "\n".join(f"{lead.pk}\t{lead.get_state_display()}\t{lead.title}\t第{','.join(map(str, lead.row_nos[:20]))}行"
                     for lead in leads) or f"运行 {run.pk} 没有疑点"


def cmd_confirm(args):
    from duban.analytics.services import lead_confirm

    lead = lead_confirm(actor=actor_of(args), lead_id=args.lead, reason=args.reason, lead_unit=args.lead_unit,
                        deadline=parse_date(args.deadline, "整改时限"), project_id=args.project,
                        rectification_class=args.rectification_class)
    return f"疑点 {lead.pk} 已确认，整改事项 {lead.task.code}"


def cmd_dismiss(args):
    from duban.analytics.services import lead_dismiss

    lead = lead_dismiss(actor=actor_of(args), lead_id=args.lead, reason=args.reason)
    return f"疑点 {lead.pk} 已排除"
