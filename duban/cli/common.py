"""Helpers shared by the command modules."""
import argparse

from duban.core.parsing import parse_date  # noqa: F401  (the command modules read it here)


def actor_arg(parser, required: bool = True) -> None:
    parser.add_argument("--as", dest="actor", required=required, metavar="USERNAME", help="以该用户身份操作")


def json_arg(parser) -> None:
    parser.add_argument("--json", action="store_true", help="输出 JSON，供脚本使用")


def bounded_int(name: str, least: int, most: int):
    """An argparse type: a whole number from `least` to `most`, else a refusal naming the option."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not least <= value <= most:
            raise argparse.ArgumentTypeError(f"{name} 应为 {least} 到 {most} 之间的整数，收到“{text}”")
        return value

    return parse


def actor_of(args):
    from duban.org.services import user_by_username

    return user_by_username(args.actor) if getattr(args, "actor", None) else None


def viewer_of(args):
    """Whose view a read-only command shows: --as USER, else everything (the machine's owner)."""
    from duban.tasks.access import SYSTEM

    return actor_of(args) or SYSTEM
