"""`duban holiday ...`: the admin's holiday table (e.g. 2027 before chinesecalendar knows it)."""
from duban.cli.common import actor_arg, actor_of, json_arg, parse_date


def register(sub) -> None:
    hsub = sub.add_parser("holiday", help="节假日与调休").add_subparsers(dest="holiday_command", required=True)
    p = hsub.add_parser("set", help="设定某日为休息日或调休工作日")
    p.add_argument("date")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--off", action="store_true", help="休息日")
    group.add_argument("--workday", action="store_true", help="调休上班（补班）")
    p.add_argument("--name", default="")
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_set)
    p = hsub.add_parser("remove", help="删除一条设定")
    p.add_argument("date")
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_remove)
    p = hsub.add_parser("list", help="列出设定")
    json_arg(p)
    p.set_defaults(handler=cmd_list)
    p = hsub.add_parser("check", help="某日是否工作日")
    p.add_argument("date")
    p.set_defaults(handler=cmd_check)


def cmd_set(args):
    from duban.org.holidays import holiday_set

    day = holiday_set(actor=actor_of(args), date=parse_date(args.date, "日期"), is_workday=args.workday,
                      name=args.name)
    return f"{day.date} 已设为{'调休工作日' if day.is_workday else '休息日'}"


def cmd_remove(args):
    from duban.org.holidays import holiday_remove

    holiday_remove(actor=actor_of(args), date=parse_date(args.date, "日期"))
    return f"已删除 {args.date} 的设定"


def cmd_list(args):
    from duban.core.models import Holiday

    rows = [{"date": h.date, "is_workday": h.is_workday, "name": h.name} for h in Holiday.objects.all()]
    if args.json:
        return rows
    return "\n".join(f"{r['date']} {'补班' if r['is_workday'] else '休息'} {r['name']}" for r in rows) or "节假日表为空"


def cmd_check(args):
    from duban.core.workdays import calendar_warning, is_workday

    day = parse_date(args.date, "日期")
    note = calendar_warning(day)
    return f"{day} {'是' if is_workday(day) else '不是'}工作日" + (f"（{note}）" if note else "")
