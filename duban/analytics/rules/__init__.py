"""The catalogue of tests: each defined once, run by any engine."""
from duban.analytics.rules import amounts, digits, duplicates, people, sequences
from duban.analytics.rules.base import Param, Rule
from duban.core.errors import DomainError

CATALOGUE: dict[str, Rule] = {r.code: r for m in (duplicates, sequences, digits, amounts, people) for r in m.RULES}


def rule_by_code(code: str) -> Rule:
    try:
        return CATALOGUE[code]
    except KeyError:
        raise DomainError(f"没有测试「{code[:40]}」；可用测试：{'、'.join(CATALOGUE)}") from None


__all__ = ["CATALOGUE", "Param", "Rule", "rule_by_code"]
