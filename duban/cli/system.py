"""init, demo, serve, verify-log."""
import gc
import sys

from duban.cli.common import bounded_int, json_arg


def register(sub) -> None:
    p = sub.add_parser("init", help="初始化数据库（可重复运行）")
    p.set_defaults(handler=cmd_init)
    p = sub.add_parser("demo", help="载入钱塘区演示数据")
    p.add_argument("--reset", action="store_true", help="清空后重新载入")
    p.set_defaults(handler=cmd_demo)
    p = sub.add_parser("serve", help="启动网页服务")
    p.add_argument("--port", type=bounded_int("--port", 1, 65535), default=8000)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--workers", type=bounded_int("--workers", 1, 64), default=1,
                   help="进程数：1 为单进程（waitress）；大于 1 时由 gunicorn 预先派生这些进程，每核一个为宜")
    p.add_argument("--threads", type=bounded_int("--threads", 1, 256), default=None,
                   help="每个进程的线程数（默认：单进程 8 个；多进程时每进程 1 个，忙于计算的请求不互相拖慢）")
    p.set_defaults(handler=cmd_serve)
    p = sub.add_parser("backup", help="备份数据库和佐证材料到一个 .tar.gz 文件")
    p.add_argument("--out", required=True)
    p.add_argument("--with-log-key", action="store_true",
                   help="连同事件日志密钥一起备份（默认不含：密钥与数据库放在一起就能改写日志）")
    json_arg(p)
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("verify-log", help="校验事件日志哈希链与当前状态是否一致")
    p.add_argument("--checkpoint", action="append", default=[], metavar="FILE",
                   help="同时核对保存在数据库之外的检查点（可多次指定）")
    json_arg(p)
    p.set_defaults(handler=cmd_verify_log)
    log = sub.add_parser("log", help="事件日志").add_subparsers(dest="log_command", required=True)
    p = log.add_parser("checkpoint", help="写出日志检查点（每条链的序号、链尾哈希，时间），交给库外保存")
    p.add_argument("--out", required=True, metavar="FILE")
    json_arg(p)
    p.set_defaults(handler=cmd_log_checkpoint)


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


REQUEST_TIMEOUT_SECONDS = 300  # a large export or a slow client, before the server gives up on it


def cmd_serve(args):
    from django.core.management import call_command

    cmd_init(args)
    call_command("collectstatic", verbosity=0, interactive=False)
    from config.wsgi import application  # after collectstatic: WhiteNoise indexes the files at start

    print(f"督办 duban 运行于 http://{args.host}:{args.port}/ （Ctrl+C 停止）", flush=True)
    # What the start-up built (Django, the URL map, the app's modules) lives as long as the server:
    # kept out of the garbage collector's sweeps, which then walk only what requests make.
    gc.freeze()
    if args.workers == 1:
        _serve_one_process(application, args.host, args.port, threads=args.threads or 8)
    else:
        _serve_workers(application, args.host, args.port, workers=args.workers, threads=args.threads or 1)


def _serve_one_process(application, host: str, port: int, *, threads: int) -> None:
    from django.conf import settings
    from waitress import serve

    serve(application, host=host, port=port, threads=threads, ident="duban", channel_timeout=REQUEST_TIMEOUT_SECONDS,
          # a little above the app's own limit, so the app answers a too-large upload, in Chinese
          max_request_body_size=settings.DUBAN_MAX_UPLOAD_BYTES + 1024 * 1024)


def _serve_workers(application, host: str, port: int, *, workers: int, threads: int) -> None:
    """`workers` processes forked by gunicorn from this one, each serving `threads` requests at a time.

    Python runs one thread of a process at a time, so a process per core is what lets a busy API use
    the machine: sixteen clients' p99 of the task list fell from 0.2-0.3 s to 0.07-0.09 s on two
    cores (docs/performance.md). A worker that dies is replaced; SIGTERM stops them all gracefully."""
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    class Prefork(BaseApplication):
        def load_config(self):
            bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            for key, value in {"bind": bind, "workers": workers, "threads": threads, "proc_name": "duban",
                               "timeout": REQUEST_TIMEOUT_SECONDS, "graceful_timeout": 30,
                               # no control socket in the account's home: two installations would share it
                               "control_socket_disable": True}.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    connections.close_all()  # the set-up's connections stay in this process: each worker opens its own
    Prefork().run()


def cmd_verify_log(args):
    from duban.core.errors import DomainError
    from duban.core.eventlog import verify_log

    result = verify_log(checkpoints=[_read_checkpoint(path) for path in args.checkpoint])
    if not result.ok:
        raise DomainError(f"事件日志校验失败：{result.problem}（已核对 {result.checked} 条）")
    if args.json:
        return {"ok": True, "checked": result.checked, "chains": result.chains}
    print(f"事件日志完好：{result.chains} 条链共 {result.checked} 条事件，哈希链与当前状态一致", file=sys.stdout)
    return None


def _read_checkpoint(path: str):
    from pathlib import Path

    from duban.core.checkpoint import checkpoint_parse
    from duban.core.errors import DomainError

    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DomainError(f"读不了检查点文件 {path}（{exc.strerror}）") from None
    return checkpoint_parse(text, source=f"文件 {path}")


def cmd_log_checkpoint(args):
    from pathlib import Path

    from duban.core.checkpoint import checkpoint_now

    point = checkpoint_now()
    Path(args.out).write_text(point.as_text() + "\n", encoding="utf-8")
    if args.json:
        return {"at": point.at, "file": args.out,
                "chains": {chain: {"seq": seq, "hash": digest} for chain, (seq, digest) in point.heads.items()}}
    return (f"已写出检查点：{len(point.heads)} 条链共 {point.events} 条事件，{point.at}，"
            f"存于 {args.out}（请保存在数据库之外）")


def cmd_backup(args):
    from duban.core.backup import backup

    result = backup(args.out, include_log_key=args.with_log_key)
    if args.json:
        return result
    key = "，含日志密钥" if result["log_key"] else "（不含日志密钥：请另行保管 DUBAN_HOME/log.key）"
    return f"已备份到 {result['archive']}：数据库 {result['database']}，佐证材料 {result['files']} 个文件{key}"
