"""Which chain of the event log an event joins, and the head rows that serialise each chain.

The log is chained per jurisdiction (the district a task belongs to), so two writers in different
districts lock different head rows and never wait on each other. Events without a task (the unit
tree, accounts, roles, programmes, settings, holidays) join the "global" chain: what they attest is
installation-wide, owned by no one district. The apps register at start-up how a task's chain is
found and how a chain is named, so the log (in core) knows nothing of tasks or units.
"""
from collections.abc import Callable, Iterable

from duban.core.models import ChainHead

GLOBAL = "global"

# (tasks) → {task pk: chain name}; registered by the tasks app.
_resolvers: list[Callable[[list], dict[int, str]]] = []
# (chain names) → {chain name: words for people}; registered by the org app.
_labellers: list[Callable[[list[str]], dict[str, str]]] = []


def register_chain_resolver(resolver: Callable[[list], dict[int, str]]) -> None:
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def register_chain_labeller(labeller: Callable[[list[str]], dict[str, str]]) -> None:
    if labeller not in _labellers:
        _labellers.append(labeller)


def chains_of(entries: list[dict]) -> list[str]:
    """The chain of each entry: its task's chain, or the global chain for an entry without a task."""
    tasks = {e["task"].pk: e["task"] for e in entries if e.get("task") is not None}
    found = chains_of_tasks(tasks.values())
    return [found.get(e["task"].pk, GLOBAL) if e.get("task") is not None else GLOBAL for e in entries]


def chains_of_tasks(tasks: Iterable) -> dict[int, str]:
    tasks = list(tasks)
    found: dict[int, str] = {}
    for resolver in _resolvers:
        if tasks:
            found.update(resolver(tasks))
    return found


def lock_heads(chains: set[str]) -> dict[str, ChainHead]:
    """Lock the head row of each chain (made on a chain's first event), in one order for every writer.

    Taking them sorted means two transactions that write to the same districts never deadlock."""
    heads = {h.chain: h for h in ChainHead.objects.select_for_update().filter(chain__in=chains).order_by("chain")}
    for chain in sorted(chains - set(heads)):
        heads[chain], _ = ChainHead.objects.select_for_update().get_or_create(chain=chain)
    return heads


def lock_task_chains(tasks: Iterable) -> dict[str, ChainHead]:
    """Lock, up front, the heads every event about these tasks will need (see `lock_heads`)."""
    return lock_heads(set(chains_of_tasks(tasks).values()))


def chain_labels(chains: Iterable[str]) -> dict[str, str]:
    chains = list(chains)
    labels = {c: ("全局链" if c == GLOBAL else f"链 {c}") for c in chains}
    for labeller in _labellers:
        labels.update(labeller([c for c in chains if c != GLOBAL]))
    return labels
