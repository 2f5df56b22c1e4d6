"""`duban task ...`: the loop for scripting, each subcommand one service call."""
import json

from duban.cli.common import actor_arg, actor_of, json_arg, parse_date
from duban.core.errors import DomainError
from duban.tasks.transitions import TRANSITIONS


def _add(tsub, name, handler, help_text, *, with_id=True):
    p = tsub.add_parser(name, help=help_text)
    if with_id:
        p.add_argument("id", help="事项ID")
    actor_arg(p)
    json_arg(p)
    p.set_defaults(handler=handler)
    return p


def register(sub) -> None:
    tsub = sub.add_parser("task", help="督办事项").add_subparsers(dest="task_command", required=True)
    _create_args(_add(tsub, "create", cmd_create, "新建事项（拟办）", with_id=False))
    for step in TRANSITIONS:  # one subcommand per action of the loop, from the table
        handler, arguments = LOOP_COMMANDS[step.name]
        arguments(_add(tsub, step.command, handler, f"{step.label}（{step.label_en}）"))
    _add(tsub, "show", cmd_show, "查看事项")
    p = _add(tsub, "list", cmd_list, "列出可见事项", with_id=False)
    # The list page's filters, by the same names (duban.tasks.filters).
    p.add_argument("--programme", help="督办项目：ID或名称")
    p.add_argument("--unit", help="牵头或配合单位：ID或名称")
    p.add_argument("--lead", help="牵头单位：ID或名称")
    p.add_argument("--source")
    p.add_argument("--state", help="状态，或 open（在办）、done（已销号）")
    p.add_argument("--light", choices=["red", "yellow", "green"])
    p.add_argument("--due", help="overdue|week|month|none|late")
    p.add_argument("--q", help="编号、名称或内容中的文字")


def _create_args(p) -> None:
    p.add_argument("--title", required=True)
    p.add_argument("--programme", help="督办项目；不填则归入本辖区当年的综合督办事项")
    p.add_argument("--lead-unit", required=True)
    p.add_argument("--deadline", help="YYYY-MM-DD；不填为长期坚持")
    p.add_argument("--content", default="")
    p.add_argument("--source", default="plan", help="meeting|instruction|plan|audit_finding|"
                   "inspection_feedback|suggestion|decision_catalogue")
    p.add_argument("--source-ref", default="")
    p.add_argument("--co-unit", action="append", default=[], help="配合单位，可重复")
    p.add_argument("--leader", help="责任领导的用户名")
    p.add_argument("--person", default="", help="责任人")
    p.add_argument("--milestone", action="append", default=[],
                   help="节点：名称@YYYY-MM-DD 或 名称@-N（完成时限前N个工作日），可重复")
    p.add_argument("--target", action="append", default=[], help="指标：名称=目标值[单位]，如 新增车位=500个")
    p.add_argument("--parent", type=int)
    p.add_argument("--code")


def _no_args(p) -> None:
    pass


def _report_args(p) -> None:
    p.add_argument("--text", required=True)
    p.add_argument("--percent", type=int, required=True)
    p.add_argument("--actual", action="append", default=[], help="指标实际值：名称=数值，可重复")
    p.add_argument("--milestone-done", action="append", default=[], help="已完成的节点名称，可重复")
    p.add_argument("--evidence", action="append", default=[], help="佐证材料文件，可重复")


def _closure_args(p) -> None:
    p.add_argument("--text", default="")
    p.add_argument("--evidence", action="append", default=[])


def _text_args(required: bool):
    def add(p) -> None:
        p.add_argument("--text", required=required, default="")
    return add


def _one(flag: str, required: bool):
    def add(p) -> None:
        p.add_argument(flag, required=required, default="")
    return add


def _extend_args(p) -> None:
    p.add_argument("--to", required=True, help="申请的新完成时限 YYYY-MM-DD")
    p.add_argument("--reason", default="")


def _recheck_args(p) -> None:
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--consolidated", action="store_true")
    group.add_argument("--rebound", action="store_true")
    p.add_argument("--comment", default="")
    p.add_argument("--deadline", help="反弹后的新完成时限")


def _decision(p) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--approve", action="store_true")
    group.add_argument("--refuse", action="store_true")
    p.add_argument("--reason", default="")


def task_data(task, light=None) -> dict:
    from duban.tasks.lights import task_light
    from duban.tasks.selectors import task_summary

    light = light or task_light(task)
    return {**task_summary(task), "light": light.color, "light_label": light.label, "light_reason": light.reason}


def _done(task, args, verb: str):
    task.refresh_from_db()
    if args.json:
        return task_data(task)
    return f"事项 {task.pk}「{task.title}」{verb}，当前状态：{task.get_state_display()}"


def _pairs(items, what: str) -> dict:
    result = {}
    for item in items:
        if "=" not in item:
            raise DomainError(f"{what}「{item}」应写成 名称=数值")
        name, value = item.split("=", 1)
        result[name.strip()] = value.strip()
    return result


def _milestones(items) -> list[dict]:
    result = []
    for item in items:
        name, _, when = item.rpartition("@")
        if not name:
            raise DomainError(f"节点「{item}」应写成 名称@YYYY-MM-DD 或 名称@-N")
        if when.startswith("-") and when[1:].isdigit():
            result.append({"name": name, "workdays_before": int(when[1:])})
        else:
            result.append({"name": name, "due_on": parse_date(when, f"节点「{name}」日期")})
    return result


def _targets(items) -> list[dict]:
    import re

    result = []
    for metric, raw in _pairs(items, "指标").items():
        match = re.fullmatch(r"([-\d.]+)\s*(.*)", raw)
        if not match:
            raise DomainError(f"指标「{metric}」的目标值「{raw}」不是数字")
        result.append({"metric": metric, "target": match.group(1), "unit_of_measure": match.group(2)})
    return result


def _files(paths):
    from duban.tasks.services.evidence import LocalFile

    return [LocalFile(p) for p in paths]


def cmd_create(args):
    from duban.tasks.services import task_create

    task = task_create(
        actor=actor_of(args), title=args.title, programme=args.programme, lead_unit=args.lead_unit,
        deadline=parse_date(args.deadline, "完成时限"), content=args.content, source_kind=args.source,
        source_ref=args.source_ref, co_units=args.co_unit, responsible_leader=args.leader,
        responsible_person=args.person, milestones=_milestones(args.milestone), targets=_targets(args.target),
        parent=args.parent, code=args.code)
    return _done(task, args, "已创建")


def cmd_assign(args):
    from duban.tasks.services import task_assign

    return _done(task_assign(actor=actor_of(args), task_id=args.id), args, "已交办")


def _approve_flag(args) -> bool:
    if not (args.approve or args.refuse):
        raise DomainError("请指明 --approve（同意）或 --refuse（不同意）")
    return args.approve


def cmd_review(args):
    from duban.tasks.services import task_review

    task = task_review(actor=actor_of(args), task_id=args.id, approve=_approve_flag(args), reason=args.reason)
    return _done(task, args, "已审核")


def cmd_sign(args):
    from duban.tasks.services import task_sign

    return _done(task_sign(actor=actor_of(args), task_id=args.id), args, "已签收")


def cmd_report(args):
    from duban.tasks.services import task_report

    task = task_report(actor=actor_of(args), task_id=args.id, text=args.text, percent=args.percent,
                       target_actuals=_pairs(args.actual, "指标实际值"), milestones_done=args.milestone_done,
                       evidence=_files(args.evidence))
    return _done(task, args, "已报送进展")


def cmd_request_closure(args):
    from duban.tasks.services import task_request_closure

    task = task_request_closure(actor=actor_of(args), task_id=args.id, text=args.text,
                                evidence=_files(args.evidence))
    return _done(task, args, "已申请销号")


def cmd_approve(args):
    from duban.tasks.services import closure_approve

    return _done(closure_approve(actor=actor_of(args), task_id=args.id, comment=args.comment), args, "已销号")


def cmd_reject(args):
    from duban.tasks.services import closure_reject

    return _done(closure_reject(actor=actor_of(args), task_id=args.id, reason=args.reason), args, "已退回")


def cmd_extend(args):
    from duban.tasks.services import extension_request

    task = extension_request(actor=actor_of(args), task_id=args.id,
                             new_deadline=parse_date(args.to, "新的完成时限"), reason=args.reason)
    return _done(task, args, "已申请延期")


def cmd_decide_extension(args):
    from duban.tasks.services import extension_decide

    task = extension_decide(actor=actor_of(args), task_id=args.id, approve=_approve_flag(args), reason=args.reason)
    return _done(task, args, "延期申请已审批")


def cmd_recheck(args):
    from duban.tasks.services import task_recheck

    task = task_recheck(actor=actor_of(args), task_id=args.id, consolidated=args.consolidated,
                        comment=args.comment, new_deadline=parse_date(args.deadline, "新的完成时限"))
    return _done(task, args, "回头看已记录")


def cmd_cancel(args):
    from duban.tasks.services import task_cancel

    return _done(task_cancel(actor=actor_of(args), task_id=args.id, reason=args.reason), args, "已撤销")


def cmd_urge(args):
    from duban.tasks.services import task_urge

    return _done(task_urge(actor=actor_of(args), task_id=args.id, text=args.text), args, "已催办")


def cmd_instruct(args):
    from duban.tasks.services import task_instruct

    return _done(task_instruct(actor=actor_of(args), task_id=args.id, text=args.text), args, "已批示")


def cmd_show(args):
    from duban.tasks.access import access_task
    from duban.tasks.selectors import task_history

    task, _ = access_task(actor_of(args), args.id)
    data = task_data(task)
    data.update({
        "content": task.content, "source_kind": task.source_kind, "source_ref": task.source_ref,
        "milestones": [{"name": m.name, "due_on": m.due_on, "done_on": m.done_on} for m in task.milestones.all()],
        "targets": [{"metric": t.metric, "target": str(t.target_value), "actual": t.actual_value and str(t.actual_value),
                     "unit_of_measure": t.unit_of_measure} for t in task.targets.all()],
        "history": [{"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "payload": e.payload}
                    for e in task_history(task)],
    })
    if args.json:
        return data
    lines = [f"{data['code']}  {data['title']}", f"状态：{data['state_label']}  灯色：{data['light_label']}（{data['light_reason']}）",
             f"牵头单位：{data['lead_unit']}  配合单位：{'、'.join(data['co_units']) or '无'}",
             f"完成时限：{data['deadline'] or '长期坚持'}  进度：{data['percent']}%"]
    lines += [f"  节点 {m['name']} {m['due_on']}{' 已完成' if m['done_on'] else ''}" for m in data["milestones"]]
    lines += [f"  #{h['seq']} {h['at']:%Y-%m-%d %H:%M} {h['actor']} {h['action']} "
              f"{json.dumps(h['payload'], ensure_ascii=False, default=str)[:80]}" for h in data["history"]]
    return "\n".join(lines)


def cmd_list(args):
    from duban.tasks.filters import filtered_tasks, parse_filters

    pairs = filtered_tasks(actor_of(args), parse_filters(args))
    if args.json:
        return [task_data(t, light) for t, light in pairs]
    if not pairs:
        return "没有符合条件的事项"
    return "\n".join(f"{t.pk:>5} {light.label} {t.get_state_display():<6} {t.deadline or '长期坚持'}  "
                     f"{t.lead_unit.name}  {t.title}（{light.reason}）" for t, light in pairs)


# The handler and arguments of each action of the transitions table, by the table's name.
LOOP_COMMANDS = {
    "assign": (cmd_assign, _no_args), "review": (cmd_review, _decision), "sign": (cmd_sign, _no_args),
    "report": (cmd_report, _report_args), "request_closure": (cmd_request_closure, _closure_args),
    "approve": (cmd_approve, _one("--comment", False)), "return": (cmd_reject, _one("--reason", True)),
    "extend": (cmd_extend, _extend_args), "decide_extension": (cmd_decide_extension, _decision),
    "urge": (cmd_urge, _text_args(False)), "instruct": (cmd_instruct, _text_args(True)),
    "recheck": (cmd_recheck, _recheck_args), "cancel": (cmd_cancel, _one("--reason", True)),
}
