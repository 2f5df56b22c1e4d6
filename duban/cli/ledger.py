"""`duban ledger export|import`: Excel ledgers in and out, the same functions the web pages call."""
from duban.cli.common import actor_arg, actor_of, json_arg, viewer_of


def register(sub) -> None:
    lsub = sub.add_parser("ledger", help="台账导入导出（Excel）").add_subparsers(dest="ledger_command", required=True)
    p = lsub.add_parser("export", help="导出督办台账/整改台账（.xlsx）")
    p.add_argument("--programme", help="督办项目名称；审计、巡视项目导出整改台账")
    p.add_argument("--unit", help="只导出该单位牵头或配合的事项")
    p.add_argument("--light", choices=["red", "yellow", "green"])
    p.add_argument("--state")
    p.add_argument("--out", required=True, metavar="FILE.xlsx")
    actor_arg(p, required=False)
    json_arg(p)
    p.set_defaults(handler=cmd_export)
    p = lsub.add_parser("import", help="导入台账：按编号新建或更新，有任何错误则整份不导入")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--programme", help="导入到的督办项目（台账没有「督办项目」列时必填）")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告将新建、更新多少，不写入")
    actor_arg(p)
    json_arg(p)
    p.set_defaults(handler=cmd_import)


def _bar(total: int | None, desc: str):
    import sys

    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="行", disable=not sys.stderr.isatty(), leave=False)


def cmd_export(args):
    from duban.ledger.export import ledger_export

    actor = viewer_of(args)
    with _bar(None, "导出") as bar:
        count = ledger_export(actor=actor, target=args.out, programme=args.programme, unit=args.unit,
                              light=args.light, state=args.state, progress=bar.update)
    if args.json:
        return {"rows": count, "file": args.out}
    return f"已导出 {count} 条事项到 {args.out}"


def cmd_import(args):
    from pathlib import Path

    from duban.cli.main import CommandError
    from duban.ledger.importer import ledger_import

    if not Path(args.file).is_file():
        raise CommandError(f"找不到文件 {args.file}")
    bars = {}

    def progress(stage: str, done: int, total: int) -> None:
        # `in`, not `bars.get(stage) or ...`: tqdm refuses bool() on a bar whose total is unknown.
        if stage not in bars:
            bars[stage] = _bar(total or None, "读取" if stage == "read" else "写入")
        bars[stage].update(done - bars[stage].n)

    result = ledger_import(actor=actor_of(args), path=args.file, programme=args.programme,
                           dry_run=args.dry_run, progress=progress)
    for bar in bars.values():
        bar.close()
    if args.json:
        data = result.as_dict()
        if result.errors:
            raise_json(data)
        return data
    return _summary(result, args.dry_run)


def raise_json(data: dict):
    """Scripts get the JSON on stdout and a refusal's exit code (2), as for any other refusal."""
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2))
    raise SystemExit(2)


def _summary(result, dry_run: bool) -> str:
    from duban.cli.main import CommandError

    counts = f"新建 {result.created} 条，更新 {result.updated} 条，无变化 {result.unchanged} 条"
    if result.reported:
        counts += f"，报送进展 {result.reported} 条"
    flags = "".join(f"\n  提示 {f}" for f in result.flags[:50])
    if result.errors:
        problems = "\n".join(f"  {e}" for e in result.errors)
        raise CommandError(f"台账有 {len(result.errors)} 处错误，整份未导入：\n{problems}")
    if dry_run:
        return f"检查通过（未写入）：{counts}{flags}"
    return f"已导入：{counts}{flags}"
