"""The `duban` command: thin wrappers over the same services the web and the API call.

Each module in COMMAND_MODULES adds its subcommands with `register(subparsers)`; a handler takes
the parsed arguments and returns what to print (text, or data for --json).
"""
import argparse
import importlib
import json
import logging
import os
import sys
import warnings

COMMAND_MODULES = [
    "duban.cli.system",
    "duban.cli.org",
    "duban.cli.tasks",
    "duban.cli.calendar_days",
    "duban.cli.ledger",
    "duban.cli.supervision",
    "duban.cli.intake",
    "duban.cli.programmes",
    "duban.cli.ratings",
    "duban.cli.cases",
    "duban.cli.decisions",
    "duban.cli.audit",
    "duban.cli.inspection",
    "duban.cli.orgchart",
    "duban.cli.analytics",
]

# Commands that read text alone: they skip setting up Django and the database (a third of a second)
WITHOUT_DATABASE = {("intake", "extract"): "duban.cli.intake"}

log = logging.getLogger("duban.cli")


class CommandError(Exception):
    """A refusal at the command line: message printed, exit code 2."""


def build_parser(modules=COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duban", description="督办：闭环督办系统")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def emit(result, as_json: bool) -> None:
    if result is None:
        return
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    elif isinstance(result, str):
        print(result)
    else:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))


def _migrate_if_needed() -> None:
    """A fresh DUBAN_HOME, or a newer version of duban, brings its tables up to date by itself."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)


def _show_warning(message, category, filename, lineno, file=None, line=None):
    # Warnings meant for users (e.g. a year without a published holiday schedule) as one plain line.
    print(f"duban: 注意：{message}", file=sys.stderr)


def _set_up() -> argparse.ArgumentParser:
    import django

    django.setup()
    _migrate_if_needed()
    return build_parser()


def main(argv=None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    warnings.showwarning = _show_warning
    argv = sys.argv[1:] if argv is None else argv
    text_only = WITHOUT_DATABASE.get(tuple(argv[:2]))
    try:
        parser = build_parser([text_only]) if text_only else _set_up()
    except Exception as exc:  # a broken installation still gets a sentence, not a traceback
        from django.core.exceptions import ImproperlyConfigured
        from django.db.utils import OperationalError

        if isinstance(exc, OperationalError):
            print(f"duban: 无法连接数据库（{str(exc).strip()[:300]}）；请检查 DATABASE_URL", file=sys.stderr)
        elif isinstance(exc, ImproperlyConfigured):  # a setting given in the environment is wrong
            print(f"duban: 无法启动，配置有误：{exc}", file=sys.stderr)
        else:
            print(f"duban: 无法启动（{type(exc).__name__}: {exc}）；请重新运行 make install", file=sys.stderr)
        return 1
    from duban.core.errors import DomainError

    args = parser.parse_args(argv)
    try:
        result = args.handler(args)
    except (DomainError, CommandError) as exc:
        print(f"duban: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("duban: 已中断，未完成的操作没有写入", file=sys.stderr)
        return 130
    except Exception as exc:  # a stack trace never reaches a user; the log keeps it
        _log_crash(exc)
        return 1
    try:
        emit(result, getattr(args, "json", False))
        sys.stdout.flush()
    except BrokenPipeError:
        # `duban … | head` closed the pipe early: what was wanted has been read; leave quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _log_crash(exc: Exception) -> None:
    from django.conf import settings
    from django.db.utils import OperationalError, ProgrammingError

    text = str(exc)
    if isinstance(exc, OperationalError | ProgrammingError) and (
            "no such table" in text or "does not exist" in text):
        print("duban: 数据库尚未初始化，请先运行 duban init", file=sys.stderr)
        return
    logs = settings.DUBAN_HOME / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(logs / "errors.log", encoding="utf-8")
    log.addHandler(handler)
    log.exception("command failed")
    print(f"duban: 内部错误（{type(exc).__name__}），详情已记入 logs/errors.log", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
