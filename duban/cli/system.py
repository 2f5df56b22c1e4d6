"""init, demo, serve, verify-log."""
import sys

from duban.cli.common import json_arg


def register(sub) -> None:
    p = sub.add_parser("init", help="初始化数据库（可重复运行）")
    p.set_defaults(handler=cmd_init)
    p = sub.add_parser("demo", help="载入钱塘区演示数据")
    p.add_argument("--reset", action="store_true", help="清空后重新载入")
    p.set_defaults(handler=cmd_demo)
    p = sub.add_parser("serve", help="启动网页服务")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--threads", type=int, default=8)
    p.set_defaults(handler=cmd_serve)
    p = sub.add_parser("backup", help="备份数据库和佐证材料到一个 .tar.gz 文件")
    p.add_argument("--out", required=True)
    json_arg(p)
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("verify-log", help="校验事件日志哈希链与当前状态是否一致")
    json_arg(p)
    p.set_defaults(handler=cmd_verify_log)


def cmd_init(args):
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from django.conf import settings

    return f"数据库已就绪：{settings.DATABASES['default']['NAME']}"


def cmd_demo(args):
    cmd_init(args)
    from duban.demo import load_demo

    summary = load_demo(reset=args.reset)
    return summary


def cmd_serve(args):
    from django.conf import settings
    from django.core.management import call_command
    from waitress import serve

    cmd_init(args)
    call_command("collectstatic", verbosity=0, interactive=False)
    from config.wsgi import application  # after collectstatic: WhiteNoise indexes the files at start

    print(f"督办 duban 运行于 http://{args.host}:{args.port}/ （Ctrl+C 停止）", flush=True)
    serve(application, host=args.host, port=args.port, threads=args.threads, ident="duban",
          channel_timeout=300,
          # a little above the app's own limit, so the app answers a too-large upload, in Chinese
          max_request_body_size=settings.DUBAN_MAX_UPLOAD_BYTES + 1024 * 1024)


def cmd_verify_log(args):
    from duban.core.errors import DomainError
    from duban.core.eventlog import verify_log

    result = verify_log()
    if not result.ok:
        raise DomainError(f"事件日志校验失败：{result.problem}（已核对 {result.checked} 条）")
    if args.json:
        return {"ok": True, "checked": result.checked}
    print(f"事件日志完好：{result.checked} 条事件，哈希链与当前状态一致", file=sys.stdout)
    return None


def cmd_backup(args):
    from duban.core.backup import backup

    result = backup(args.out)
    if args.json:
        return result
    return f"已备份到 {result['archive']}：数据库 {result['database']}，佐证材料 {result['files']} 个文件"
