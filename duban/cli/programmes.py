"""`duban programme add|set|list`: programmes and their rules, the supervision ladder included."""
from duban.cli.common import actor_arg, actor_of, json_arg

NUMBERS = [("year", "年度"), ("warning_workdays", "预警提前工作日"), ("report_cycle_workdays", "报送周期（工作日）"),
           ("recheck_after_days", "回头看间隔（天）")]


def register(sub) -> None:
    psub = sub.add_parser("programme", help="督办项目").add_subparsers(dest="programme_command", required=True)
    p = psub.add_parser("add", help="新建督办项目")
    p.add_argument("name")
    p.add_argument("--owner-unit", required=True, help="主管单位")
    p.add_argument("--kind", default="general", help="plan | audit | inspection | meeting | decision | suggestion | general")
    _rule_args(p, defaults={"warning_workdays": 5, "report_cycle_workdays": 10, "recheck_after_days": 90})
    actor_arg(p)
    p.set_defaults(handler=cmd_add)
    p = psub.add_parser("set", help="修改督办项目的规则；阶梯设置用 --set KEY=VALUE，--unset KEY 恢复默认")
    p.add_argument("name")
    p.add_argument("--rename", help="新名称")
    p.add_argument("--kind")
    _rule_args(p, defaults={})
    p.add_argument("--set", dest="set_", action="append", default=[], metavar="KEY=VALUE",
                   help="督办阶梯设置，如 notice_workdays_after=2；可多次使用")
    p.add_argument("--unset", action="append", default=[], metavar="KEY", help="恢复默认")
    actor_arg(p)
    p.set_defaults(handler=cmd_set)
    p = psub.add_parser("list", help="列出督办项目及其规则")
    json_arg(p)
    p.set_defaults(handler=cmd_list)


def _rule_args(p, *, defaults: dict) -> None:
    for field, label in NUMBERS:
        p.add_argument(f"--{field.replace('_', '-')}", dest=field, type=int, default=defaults.get(field), help=label)
    p.add_argument("--leader-review", choices=["yes", "no"], help="交办前是否需领导审核")


def _leader_review(value: str | None) -> bool | None:
    return None if value is None else value == "yes"


def cmd_add(args):
    from duban.core import clock
    from duban.tasks.services import programme_create

    programme = programme_create(
        actor=actor_of(args), name=args.name, year=args.year or clock.today().year, owner_unit=args.owner_unit,
        kind=args.kind, warning_workdays=args.warning_workdays, report_cycle_workdays=args.report_cycle_workdays,
        leader_review=bool(_leader_review(args.leader_review)), recheck_after_days=args.recheck_after_days)
    return f"已新建督办项目「{programme.name}」"


def _settings(args) -> dict:
    from duban.core.errors import DomainError

    changes = {}
    for item in args.set_:
        key, sep, value = item.partition("=")
        if not sep:
            raise DomainError(f"「{item}」应写成 KEY=VALUE，如 notice_workdays_after=2")
        changes[key.strip()] = value.strip()
    changes.update({key: None for key in args.unset})
    return changes


def cmd_set(args):
    from duban.tasks.services import programme_update

    numbers = {field: getattr(args, field) for field, _label in NUMBERS}
    programme = programme_update(actor=actor_of(args), name=args.name, new_name=args.rename, kind=args.kind,
                                 leader_review=_leader_review(args.leader_review), settings=_settings(args) or None,
                                 **numbers)
    return f"督办项目「{programme.name}」：{_describe(programme)}"


def _describe(programme) -> str:
    ladder = "，".join(f"{k}={v}" for k, v in sorted((programme.settings or {}).items())) or "督办阶梯均为默认"
    return (f"{programme.year}年，{programme.get_kind_display()}，预警{programme.warning_workdays}个工作日，"
            f"报送周期{programme.report_cycle_workdays}个工作日，领导审核{'是' if programme.leader_review else '否'}，"
            f"回头看{programme.recheck_after_days}天；{ladder}")


def cmd_list(args):
    from duban.tasks.models import Programme

    programmes = Programme.objects.select_related("owner_unit")
    if args.json:
        return [{"name": p.name, "year": p.year, "kind": p.kind, "owner_unit": p.owner_unit.name,
                 "warning_workdays": p.warning_workdays, "report_cycle_workdays": p.report_cycle_workdays,
                 "leader_review": p.leader_review, "recheck_after_days": p.recheck_after_days,
                 "settings": p.settings} for p in programmes]
    return "\n".join(f"{p.name}（{p.owner_unit.name}）：{_describe(p)}" for p in programmes) or "还没有督办项目"
