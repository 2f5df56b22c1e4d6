"""duban sweep, worker, outbox, calendar export, report bulletin/dispatch."""
import datetime as dt

from duban.cli.common import actor_arg, actor_of, json_arg, parse_date, viewer_of


def register(sub) -> None:
    p = sub.add_parser("sweep", help="督办巡检：按工作日计算提醒、催办、督办单、约谈、回头看和逾期未报")
    p.add_argument("--today", help="按该日期运行（YYYY-MM-DD），用于补跑或演练")
    json_arg(p)
    p.set_defaults(handler=cmd_sweep)
    p = sub.add_parser("worker", help="常驻进程：循环巡检并发送通知，收到 SIGTERM 后退出")
    p.add_argument("--interval", type=float, default=60.0, help="每轮间隔秒数（默认60）")
    p.add_argument("--lease", type=float, default=120.0, help="发送租约秒数：进程中断后超过此时间重发")
    p.add_argument("--no-sweep", action="store_true", help="只发送通知，不巡检")
    p.add_argument("--once", action="store_true", help="只运行一轮")
    json_arg(p)
    p.set_defaults(handler=cmd_worker)
    p = sub.add_parser("outbox", help="通知发件箱：查看状态、立即发送、重试失败")
    p.add_argument("action", choices=["status", "deliver", "retry-dead"])
    json_arg(p)
    p.set_defaults(handler=cmd_outbox)
    cal = sub.add_parser("calendar", help="日历订阅").add_subparsers(dest="calendar_command", required=True)
    p = cal.add_parser("export", help="输出用户可见事项的完成时限和节点（iCalendar）")
    actor_arg(p)
    p.set_defaults(handler=cmd_calendar_export)
    rep = sub.add_parser("report", help="督办通报、调度会材料、督办单（GB/T 9704 公文格式）").add_subparsers(
        dest="report_command", required=True)
    p = rep.add_parser("bulletin", help="督办通报（.docx）")
    p.add_argument("--period", required=True,
                   help="2026（年）、2026-Q1（季度）、2026-03（月）、2026-W14（周）或 2026-03-01..2026-03-15")
    p.add_argument("--programme")
    _document_args(p)
    p.set_defaults(handler=cmd_bulletin)
    p = rep.add_parser("dispatch", help="调度会材料（.docx）")
    p.add_argument("--programme", required=True)
    _document_args(p)
    p.set_defaults(handler=cmd_dispatch)
    p = rep.add_parser("notice", help="打印一份督办单（.docx）")
    p.add_argument("number", help="督办单文号，如 钱督〔2026〕12号")
    p.add_argument("--out", required=True)
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_notice)


def _document_args(p) -> None:
    p.add_argument("--out", required=True)
    p.add_argument("--number", help="发文字号；不填则取本类文件本年度的下一个号")
    actor_arg(p, required=False)


def cmd_sweep(args):
    from duban.core import clock
    from duban.supervision.sweep import sweep

    today = parse_date(args.today, "--today")
    if today is None:
        counts = sweep()
    else:
        with clock.travel(today):
            counts = sweep(today=today)
    if args.json:
        return counts
    return "巡检完成：" + "，".join(f"{LABELS[k]} {v}" for k, v in counts.items())


LABELS = {"reminders": "提醒", "urges": "催办", "notices": "督办单", "escalations": "约谈",
          "rechecks": "回头看", "stale": "逾期未报"}


def cmd_worker(args):
    from duban.supervision.worker import run_worker

    totals = run_worker(interval=args.interval, lease=dt.timedelta(seconds=args.lease),
                        do_sweep=not args.no_sweep, once=args.once)
    return totals if args.json else f"worker 已停止：{totals['rounds']}轮，发送{totals['sent']}条，失败{totals['failed']}条"


def cmd_outbox(args):
    from duban.supervision import outbox

    if args.action == "deliver":
        return outbox.deliver()
    if args.action == "retry-dead":
        return {"requeued": outbox.outbox_retry_dead()}
    return outbox.outbox_counts()


def cmd_calendar_export(args):
    import sys

    from duban.supervision.calendar import calendar_feed

    sys.stdout.write(calendar_feed(actor_of(args)).decode())
    return None


def _viewer(args):
    return viewer_of(args)


def cmd_bulletin(args):
    from duban.supervision.bulletin import bulletin_docx

    path = bulletin_docx(user=_viewer(args), period=args.period, programme=args.programme, out=args.out,
                         number=args.number)
    return f"督办通报已生成：{path}"


def cmd_dispatch(args):
    from duban.supervision.dispatch import dispatch_docx

    path = dispatch_docx(user=_viewer(args), programme=args.programme, out=args.out, number=args.number)
    return f"调度会材料已生成：{path}"


def cmd_notice(args):
    from duban.supervision.notice_doc import notice_docx

    path = notice_docx(user=_viewer(args), number=args.number, out=args.out)
    return f"督办单已生成：{path}"
