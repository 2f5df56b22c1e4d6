"""What a test is: one definition (roles it needs, parameters, SQL, how a hit is named) that every
engine runs. The SQL reads the view `t` (the source), and where a test says so `other_src` (a second
source, e.g. a death register) and `cal` (days off); it uses only what DuckDB and Spark SQL share.
"""
from collections.abc import Callable
from dataclasses import dataclass

from duban.core.errors import DomainError


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    kind: str          # int | amount | choice | source | text
    default: object
    low: float = 0
    high: float = 1e12
    choices: tuple = ()

    def read(self, raw) -> object:
        if self.kind == "source" or self.kind == "text":
            return str(raw).strip()[:100]
        if self.kind == "choice":
            if str(raw) not in self.choices:
                raise DomainError(f"参数「{self.name}」（{self.label}）应为 {'、'.join(self.choices)} 之一")
            return str(raw)
        try:
            value = float(raw) if self.kind == "amount" else int(str(raw))
        except ValueError:
            raise DomainError(f"参数「{self.name}」（{self.label}）应为数字，收到「{str(raw)[:40]}」") from None
        if not self.low <= value <= self.high:
            raise DomainError(f"参数「{self.name}」（{self.label}）应在 {self.low:g} 到 {self.high:g} 之间")
        return value


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    explain: str                      # in Chinese: what it looks for and why an auditor cares
    roles: tuple[str, ...]            # roles the source must map
    params: tuple[Param, ...] = ()
    sql: Callable[[dict], str] | None = None   # yields (k, row_no): one lead per distinct k
    title: Callable[[str, int, dict], str] = lambda k, n, p: k
    kind: str = "leads"               # leads | benford | summary
    other_roles: tuple[str, ...] = ()  # roles the second source (param `other`) must map
    calendar: bool = False
    merge: bool = False               # hits sharing a record are one lead (overlapping windows)
    prepare: Callable[[dict], dict] | None = None  # parameters read into what the SQL needs

    def read_params(self, given: dict) -> dict:
        known = {p.name: p for p in self.params}
        unknown = set(given) - set(known)
        if unknown:
            names = "、".join(known) or "无"
            raise DomainError(f"测试「{self.name}」没有参数 {'、'.join(sorted(unknown))}；可用参数：{names}")
        values = {p.name: p.read(given[p.name]) if p.name in given else p.default for p in self.params}
        missing = [p.label for p in self.params if p.default is None and values[p.name] in (None, "")]
        if missing:
            raise DomainError(f"测试「{self.name}」缺少参数：{'、'.join(missing)}")
        return values


def cents(yuan) -> int:
    """Yuan as fen for SQL; parameters are bounded numbers, never user text, so inlining is safe."""
    return int(round(float(yuan) * 100))


def yuan(fen: int | str) -> str:
    return f"{int(fen) / 100:,.2f}"
