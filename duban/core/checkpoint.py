"""Checkpoints: the log's head (sequence, hash, time) kept outside the database.

A checkpoint held by someone else — mailed or posted to a chat group every day by the worker —
is what names a truncated chain (events dropped and the head rewound) or a chain re-hashed from
some entry on: the entry it names must still be there with the same hash.
"""
import datetime as dt
import json
import re
from dataclasses import dataclass

from duban.core import clock
from duban.core.errors import DomainError
from duban.core.models import ChainHead

MARK = "duban-checkpoint"


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str

    def as_text(self) -> str:
        return json.dumps({MARK: 1, "seq": self.seq, "hash": self.hash, "at": self.at}, ensure_ascii=False)


def checkpoint_now() -> Checkpoint:
    head = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first() or (0, "0" * 64)
    at = clock.now().astimezone(dt.UTC).isoformat(timespec="seconds")
    return Checkpoint(seq=head[0], hash=head[1], at=at)


def checkpoint_parse(text: str, *, source: str = "检查点") -> Checkpoint:
    """The checkpoint in a file as written, or pasted from the mail or chat message that carried it."""
    found = re.search(r"\{[^{}]*" + MARK + r"[^{}]*\}", text or "")
    try:
        data = json.loads(found.group(0)) if found else None
        point = Checkpoint(seq=int(data["seq"]), hash=str(data["hash"]), at=str(data["at"]))
    except (TypeError, ValueError, KeyError):
        raise DomainError(f"{source} 不是督办日志检查点（应含 {{\"{MARK}\": 1, \"seq\": …, \"hash\": …}}）") from None
    if point.seq < 0 or not re.fullmatch(r"[0-9a-f]{64}", point.hash):
        raise DomainError(f"{source} 的序号或哈希格式不对")
    return point
