"""`duban intake ...`: read a meeting report, propose its directives as tasks, confirm the proposal."""
import json
from pathlib import Path

from duban.cli.common import actor_arg, actor_of, json_arg, parse_date
from duban.core.errors import DomainError

GUESSES = {"nearest": "（名称近似，请核对）", "text": "（据要求原文推测，请核对）", "article": "（据报道推测，请核对）"}
KINDS = {"meeting": "会议", "research": "调研", "inspection": "督查检查", "other": "活动"}


def register(sub) -> None:
    isub = sub.add_parser("intake", help="文件解析：从会议报道提出拟办事项").add_subparsers(
        dest="intake_command", required=True)
    p = isub.add_parser("extract", help="解析报道，列出会议、人员、单位和部署要求")
    p.add_argument("file", help=".txt（UTF-8/GB18030）、.docx 或带文字层的 .pdf")
    p.add_argument("--date", help="发布日期 YYYY-MM-DD，用于推算“30日”这类日期")
    json_arg(p)
    p.set_defaults(handler=cmd_extract)
    p = isub.add_parser("propose", help="生成拟办提议文件（每条部署要求一项拟办事项）")
    p.add_argument("file")
    p.add_argument("--programme", required=True, help="拟办事项归入的督办项目")
    p.add_argument("--date")
    p.add_argument("--out", help="提议文件路径，默认为 <文件名>.proposal.json")
    actor_arg(p)
    json_arg(p)
    p.set_defaults(handler=cmd_propose)
    p = isub.add_parser("confirm", help="确认提议文件，创建拟办事项（全部成功或全部不建）")
    p.add_argument("proposal", help="duban intake propose 生成的提议文件")
    actor_arg(p)
    json_arg(p)
    p.set_defaults(handler=cmd_confirm)


def cmd_extract(args):
    # the text alone, without the database (see WITHOUT_DATABASE): propose adds the unit directory
    from duban.intake.reading import extract, read_report

    result = extract(read_report(args.file), date=parse_date(args.date, "发布日期"))
    return result if args.json else summary(result)


def summary(result: dict) -> str:
    lines = []
    for number, article in enumerate(result["articles"], 1):
        lines.append(f"{number}. {article['headline']}")
        event = article["event"]
        if event:
            lines.append(f"   {KINDS.get(event['kind'], '活动')}：{event['name']}（{event['date'] or '日期不详'}）")
            if event["chairs"]:
                lines.append(f"   主持/带队：{'、'.join(event['chairs'])}")
        for d_number, directive in enumerate(article["directives"], 1):
            who = f"［{'、'.join(directive['units'])}］" if directive["units"] else ""
            due = f"（时限 {directive['deadline']}）" if directive["deadline"] else ""
            lines.append(f"   要求{d_number}：{who}{directive['title']}{due}")
    return "\n".join(lines)


def cmd_propose(args):
    from duban.intake.proposals import build, read_report
    from duban.intake.services import require_reader
    from duban.tasks.services import programme_by_name

    actor = actor_of(args)
    require_reader(actor)
    programme_by_name(args.programme)
    path = Path(args.file)
    proposal = build(text=read_report(path), name=path.name, programme=args.programme,
                     proposed_by=actor.username, date=parse_date(args.date, "发布日期"))
    out = Path(args.out) if args.out else Path(f"{path.stem}.proposal.json")
    try:
        out.write_text(json.dumps(proposal, ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as exc:
        raise DomainError(f"无法写入提议文件「{out}」：{exc.strerror}") from None
    open_items = [t for t in proposal["tasks"] if not t["lead_unit"]]
    if args.json:
        return {"out": str(out), "tasks": len(proposal["tasks"]), "without_lead_unit": len(open_items)}
    return _proposed(out, proposal, open_items)


def _proposed(out: Path, proposal: dict, open_items: list) -> str:
    lines = [f"已写入提议文件 {out}：{len(proposal['meetings'])}篇报道，{len(proposal['tasks'])}项拟办事项"]
    for item in proposal["tasks"]:
        lead = item["lead_unit"] or "（待选定）"
        guess = GUESSES.get(item["lead_unit_match"], "")
        partners = f"（配合：{'、'.join(item['co_units'])}）" if item.get("co_units") else ""
        lines.append(f"  {item['item']:>3}. {item['title']} → {lead}{guess}{partners}")
    if open_items:
        lines.append(f"有{len(open_items)}项尚无牵头单位：请在文件中填写 lead_unit，或把 keep 改为 false，再运行 "
                     "duban intake confirm")
    return "\n".join(lines)


def cmd_confirm(args):
    from duban.intake.services import proposal_confirm

    proposal = _load(Path(args.proposal))
    document = proposal_confirm(actor=actor_of(args), proposal=proposal)
    # the items kept in this file: a report's other items may have been confirmed before, or come later
    kept = {int(t.get("item") or 0) for t in proposal["tasks"] if t.get("keep", True)}
    tasks = [link.task for link in document.links.select_related("task", "task__lead_unit") if link.item in kept]
    if args.json:
        return {"document": document.pk, "tasks": [{"id": t.pk, "code": t.code, "title": t.title,
                                                     "lead_unit": t.lead_unit.name, "state": t.state} for t in tasks]}
    lines = [f"已确认「{document.name}」，创建拟办事项{len(tasks)}项："]
    lines += [f"  {t.code} {t.title} → {t.lead_unit.name}" for t in tasks]
    return "\n".join(lines)


def _load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DomainError(f"找不到提议文件「{path.name}」") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DomainError(f"提议文件「{path.name}」不是有效的 JSON") from None
    if not isinstance(data, dict):
        raise DomainError(f"提议文件「{path.name}」不是拟办提议")
    return data
