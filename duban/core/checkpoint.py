"""Checkpoints: the head of every chain of the log (sequence, hash) and the time, kept outside the database.

A checkpoint held by someone else — mailed or posted to a chat group every day by the worker —
is what names a truncated chain (events dropped and the head rewound) or a chain re-hashed from
some entry on: the entry it names must still be there with the same hash.
"""
import datetime as dt
import json
import re
from dataclasses import dataclass

from duban.core import clock
from duban.core.chains import GLOBAL
from duban.core.errors import DomainError
from duban.core.models import ChainHead

MARK = "duban-checkpoint"
VERSION = 2  # version 1 held the one chain of older versions, which is now the global chain


@dataclass(frozen=True)
class Checkpoint:
    heads: dict[str, tuple[int, str]]  # chain → (sequence, head hash)
    at: str

    @property
    def events(self) -> int:
        return sum(seq for seq, _hash in self.heads.values())

    def as_text(self) -> str:
        # A list of lists, not an object of objects: the line stays one {...} found in a mail's text.
        chains = [[chain, seq, digest] for chain, (seq, digest) in sorted(self.heads.items())]
        return json.dumps({MARK: VERSION, "at": self.at, "chains": chains}, ensure_ascii=False)


def checkpoint_now() -> Checkpoint:
    heads = {chain: (seq, digest) for chain, seq, digest in ChainHead.objects.values_list("chain", "seq", "hash")}
    at = clock.now().astimezone(dt.UTC).isoformat(timespec="seconds")
    return Checkpoint(heads=heads, at=at)


def checkpoint_parse(text: str, *, source: str = "检查点") -> Checkpoint:
    """The checkpoint in a file as written, or pasted from the mail or chat message that carried it."""
    found = re.search(r"\{[^{}]*" + MARK + r"[^{}]*\}", text or "")
    try:
        data = json.loads(found.group(0)) if found else None
        chains = data["chains"] if data[MARK] != 1 else [[GLOBAL, data["seq"], data["hash"]]]
        heads = {str(chain): (int(seq), str(digest)) for chain, seq, digest in chains}
        point = Checkpoint(heads=heads, at=str(data["at"]))
    except (TypeError, ValueError, KeyError):
        raise DomainError(f"{source} 不是督办日志检查点（应含 {{\"{MARK}\": {VERSION}, \"chains\": …}}）") from None
    bad = [c[:20] for c, (seq, digest) in heads.items()
           if not re.fullmatch(r"[0-9a-z]{1,20}", c) or seq < 0 or not re.fullmatch(r"[0-9a-f]{64}", digest)]
    if bad:
        raise DomainError(f"{source} 的链名、序号或哈希格式不对（链 {'、'.join(bad[:5])}）")
    return point
