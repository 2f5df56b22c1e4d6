"""`duban rating …`: rounds, items, raters, ballots, results; `duban assessment entry …`: recorded
bonuses and deductions."""
from duban.cli.common import actor_arg, actor_of, json_arg, parse_date


def register(sub) -> None:
    rsub = sub.add_parser("rating", help="满意度测评").add_subparsers(dest="rating_command", required=True)
    p = rsub.add_parser("create", help="新建一轮测评")
    p.add_argument("title")
    p.add_argument("--owner-unit", required=True, help="组织测评的单位")
    p.add_argument("--into-assessment", action="store_true", help="满意率低于门槛的单位计入考核")
    p.add_argument("--threshold", type=int, default=80, help="满意率门槛（%%），默认 80")
    _common(p, cmd_create)
    p = rsub.add_parser("item", help="添加测评对象")
    p.add_argument("round", type=int)
    p.add_argument("name")
    p.add_argument("--unit", help="被测评单位（计入考核时需要）")
    _common(p, cmd_item)
    p = rsub.add_parser("raters", help="添加测评人")
    p.add_argument("round", type=int)
    p.add_argument("usernames", nargs="+")
    _common(p, cmd_raters)
    for name, helptext, handler in (("open", "开始测评", cmd_open), ("close", "结束测评并公布结果", cmd_close),
                                    ("results", "测评结果（结束后才可查看）", cmd_results)):
        p = rsub.add_parser(name, help=helptext)
        p.add_argument("round", type=int)
        _common(p, handler)
    p = rsub.add_parser("vote", help="投票：--choice 对象序号=满意|基本满意|不满意，每个对象一次")
    p.add_argument("round", type=int)
    p.add_argument("--choice", action="append", default=[], metavar="N=评价")
    p.add_argument("--comment", action="append", default=[], metavar="N=意见")
    _common(p, cmd_vote)
    p = rsub.add_parser("export", help="测评结果通报（.docx）")
    p.add_argument("round", type=int)
    p.add_argument("--out", required=True)
    _common(p, cmd_export)
    p = rsub.add_parser("list", help="我组织或参加的测评")
    _common(p, cmd_list)
    asub = sub.add_parser("assessment", help="考核").add_subparsers(dest="assessment_command", required=True)
    p = asub.add_parser("entry", help="登记考核加减分（如上级表扬）")
    p.add_argument("--unit", required=True)
    p.add_argument("--rule", required=True, help="登记类考核规则的代码，如 praise")
    p.add_argument("--on", required=True, help="日期 YYYY-MM-DD")
    p.add_argument("--reason", required=True)
    _common(p, cmd_entry)


def _common(p, handler) -> None:
    actor_arg(p)
    json_arg(p)
    p.set_defaults(handler=handler)


def cmd_create(args):
    from duban.ratings.services import round_create

    rnd = round_create(actor=actor_of(args), title=args.title, owner_unit=args.owner_unit,
                       into_assessment=args.into_assessment, threshold=args.threshold)
    return {"round": rnd.pk, "title": rnd.title} if args.json else f"测评 {rnd.pk}「{rnd.title}」已建立"


def cmd_item(args):
    from duban.ratings.services import round_item_add

    item = round_item_add(actor=actor_of(args), round_id=args.round, name=args.name, unit=args.unit)
    return {"item": item.order, "name": item.name} if args.json else f"测评对象 {item.order}：{item.name}"


def cmd_raters(args):
    from duban.ratings.services import round_raters_add

    count = round_raters_add(actor=actor_of(args), round_id=args.round, usernames=args.usernames)
    return {"raters": count} if args.json else f"测评人共 {count} 名"


def cmd_open(args):
    from duban.ratings.services import round_open

    round_open(actor=actor_of(args), round_id=args.round)
    return {"state": "open"} if args.json else "测评已开始"


def cmd_close(args):
    from duban.ratings.services import round_close

    rnd = round_close(actor=actor_of(args), round_id=args.round)
    return {"state": "closed", "ballots": rnd.ballots.count()} if args.json else "测评已结束，结果可以查看"


LABELS = {"满意": "satisfied", "基本满意": "basic", "不满意": "unsatisfied"}


def _pairs(values, what: str) -> dict[int, str]:
    from duban.core.errors import DomainError

    pairs = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip().isdigit():
            raise DomainError(f"{what}应写成 序号=内容，收到「{value}」")
        pairs[int(key)] = text.strip()
    return pairs


def cmd_vote(args):
    from duban.core.errors import DomainError
    from duban.ratings.services import ballot_cast, round_for_reader

    actor = actor_of(args)
    items = {i.order: i.pk for i in round_for_reader(actor, args.round).items.all()}
    choices, comments = _pairs(args.choice, "评价"), _pairs(args.comment, "意见")
    unknown = sorted((set(choices) | set(comments)) - set(items))
    if unknown:
        raise DomainError(f"没有序号为 {unknown[0]} 的测评对象")
    ballot_cast(actor=actor, round_id=args.round,
                choices={items[n]: LABELS.get(v, v) for n, v in choices.items()},
                comments={items[n]: v for n, v in comments.items()})
    return {"voted": True} if args.json else "已投票，谢谢"


def cmd_results(args):
    from duban.ratings.services import round_results

    rows = [{"item": r.item.name, "unit": r.item.unit.name if r.item.unit else "", "satisfied": r.counts["satisfied"],
             "basic": r.counts["basic"], "unsatisfied": r.counts["unsatisfied"], "rate": r.rate}
            for r in round_results(user=actor_of(args), round_id=args.round)]
    if args.json:
        return rows
    return "\n".join(f"{r['item']}\t满意{r['satisfied']}\t基本满意{r['basic']}\t不满意{r['unsatisfied']}\t"
                     f"满意率{'—' if r['rate'] is None else str(r['rate']) + '%'}" for r in rows)


def cmd_export(args):
    from duban.ratings.documents import round_results_docx

    path = round_results_docx(user=actor_of(args), round_id=args.round, out=args.out)
    return {"out": str(path)} if args.json else f"测评结果通报已生成：{path}"


def cmd_list(args):
    from duban.ratings.services import rounds_for

    rows = [{"round": r.pk, "title": r.title, "state": r.state, "owner_unit": r.owner_unit.name}
            for r in rounds_for(actor_of(args))]
    return rows if args.json else "\n".join(f"{r['round']}\t{r['title']}\t{r['state']}" for r in rows) or "没有测评"


def cmd_entry(args):
    from duban.core.errors import DomainError
    from duban.org.models import Unit
    from duban.supervision.assessment import assessment_entry_record

    unit = Unit.objects.filter(name=args.unit).first()
    if unit is None:
        raise DomainError(f"没有名为「{args.unit}」的单位")
    entry = assessment_entry_record(actor=actor_of(args), unit=unit, code=args.rule, on=parse_date(args.on, "日期"),
                                    reason=args.reason)
    return {"entry": entry.pk} if args.json else f"已登记：{unit.name} {entry.rule.name} {entry.rule.points:+d}"
