"""The programme kinds: one module each, found through `kind_for`.

`KINDS` maps a kind's name to its `Kind`; the programme model's choices come from here too, so a
kind registered in a module is a kind a programme can have.
"""
from duban.tasks.kinds import audit, decision, general, inspection, meeting, plan, suggestion
from duban.tasks.kinds.base import ExtraField, Kind

KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    KINDS.pop(name, None)


def kind_for(programme_or_name) -> Kind:
    """The kind of a programme (or of a kind's name); an unknown name is the general kind."""
    name = getattr(programme_or_name, "kind", programme_or_name)
    return KINDS.get(name) or KINDS["general"]


def kinds_with_role(role: str) -> list[str]:
    """The kinds whose tasks `role` supervises (e.g. the auditor: audit only)."""
    return [name for name, kind in KINDS.items() if role in kind.supervisor_roles]


for _module in (plan, audit, inspection, meeting, decision, suggestion, general):
    register(_module.KIND)

__all__ = ["KINDS", "ExtraField", "Kind", "kind_for", "kinds_with_role", "register", "unregister"]
