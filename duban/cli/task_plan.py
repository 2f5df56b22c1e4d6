"""`duban task edit` and `duban task decompose`: changing a task's plan and handing it down, through
the same services as the task's edit and decomposition forms."""
from duban.cli.common import actor_arg, actor_of, json_arg, parse_date

# Options of `task edit`: each one given replaces that field; those not given stay as they are.
_EDIT_TEXT = {"title": "事项名称", "content": "事项内容", "source_ref": "来源文件/文号", "person": "责任人",
              "lead_unit": "牵头单位", "leader": "责任领导的用户名（空字符串为不设）", "source": "来源类型"}


def register(tsub) -> None:
    p = tsub.add_parser("edit", help="修改事项（交办后的修改记入全过程记录并告知牵头单位）")
    p.add_argument("id", help="事项ID")
    actor_arg(p)
    json_arg(p)
    for name, help_text in _EDIT_TEXT.items():
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, help=help_text)
    p.add_argument("--deadline", help="YYYY-MM-DD")
    p.add_argument("--co-unit", action="append", help="配合单位，可重复；给出即替换原有配合单位")
    p.add_argument("--no-co-units", action="store_true", help="取消全部配合单位")
    p.add_argument("--milestone", action="append", help="节点：名称@YYYY-MM-DD 或 名称@-N；给出即替换全部节点")
    p.add_argument("--target", action="append", help="指标：名称=目标值[单位]；给出即替换全部指标")
    p.set_defaults(handler=cmd_edit)
    p = tsub.add_parser("decompose", help="分解事项：交办给牵头单位的下级单位或配合单位")
    p.add_argument("id", help="上级事项ID")
    actor_arg(p)
    json_arg(p)
    p.add_argument("--unit", required=True, help="承办分解事项的单位")
    p.add_argument("--title", required=True)
    p.add_argument("--deadline", required=True, help="YYYY-MM-DD，不晚于上级事项的完成时限")
    p.add_argument("--content", default="")
    p.set_defaults(handler=cmd_decompose)


def edit_values(args) -> dict:
    from duban.cli.tasks import _milestones, _targets

    names = {"person": "responsible_person", "leader": "responsible_leader", "source": "source_kind"}
    values = {names.get(k, k): getattr(args, k) for k in _EDIT_TEXT if getattr(args, k) is not None}
    if values.get("responsible_leader") == "":
        values["responsible_leader"] = None
    if args.deadline is not None:
        values["deadline"] = parse_date(args.deadline, "完成时限")
    if args.co_unit is not None or args.no_co_units:
        values["co_units"] = [] if args.no_co_units else args.co_unit
    if args.milestone is not None:
        values["milestones"] = _milestones(args.milestone)
    if args.target is not None:
        values["targets"] = _targets(args.target)
    return values


def cmd_edit(args):
    from duban.cli.tasks import _done
    from duban.tasks.services.editing import task_edit

    return _done(task_edit(actor=actor_of(args), task_id=args.id, **edit_values(args)), args, "已修改")


def cmd_decompose(args):
    from duban.cli.tasks import _done
    from duban.tasks.services.decomposition import task_decompose

    child = task_decompose(actor=actor_of(args), task_id=args.id, unit=args.unit, title=args.title,
                           deadline=parse_date(args.deadline, "完成时限"), content=args.content)
    return _done(child, args, f"已分解并交办给{child.lead_unit.name}")
