"""`duban org import|export`: the whole roster (花名册) of units and people in one .xlsx."""
from duban.cli.common import actor_arg, actor_of, json_arg


def register(sub) -> None:
    osub = sub.add_parser("org", help="花名册：单位和人员整体导入导出（Excel）").add_subparsers(
        dest="org_command", required=True)
    p = osub.add_parser("import", help="导入花名册：按名称新建或更新单位和人员，有任何错误则整份不导入")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告将新建、更新多少，不写入")
    actor_arg(p)
    json_arg(p)
    p.set_defaults(handler=cmd_import)
    p = osub.add_parser("export", help="导出花名册（与导入同一格式）")
    p.add_argument("--out", required=True, metavar="FILE.xlsx")
    actor_arg(p, required=False)
    json_arg(p)
    p.set_defaults(handler=cmd_export)


def cmd_import(args):
    from pathlib import Path

    from duban.cli.ledger import raise_json
    from duban.cli.main import CommandError
    from duban.orgchart.importer import orgchart_import

    if not Path(args.file).is_file():
        raise CommandError(f"找不到文件 {args.file}")
    result = orgchart_import(actor=actor_of(args), path=args.file, dry_run=args.dry_run)
    if args.json:
        return raise_json(result.as_dict()) if result.errors else result.as_dict()
    if result.errors:
        problems = "\n".join(f"  {e}" for e in result.errors)
        raise CommandError(f"花名册有 {len(result.errors)} 处错误，整份未导入：\n{problems}")
    counts = (f"单位新建 {result.units_created} 个、更新 {result.units_updated} 个；人员新建 {result.people_created} 人、"
              f"更新 {result.people_updated} 人，新增角色 {result.roles_added} 个")
    if args.dry_run:
        return f"检查通过（未写入）：{counts}"
    return f"已导入：{counts}；已发出邀请 {result.invited} 封"


def cmd_export(args):
    from duban.orgchart.export import orgchart_export

    counts = orgchart_export(actor=actor_of(args), target=args.out)
    if args.json:
        return {**counts, "file": args.out}
    return f"已导出 {counts['units']} 个单位、{counts['people']} 人到 {args.out}"
