"""verify-log: walk each keyed chain, then compare what the log attests with the tables as they are."""
from dataclasses import dataclass, field

from duban.core import attest
from duban.core.chains import GLOBAL, chain_labels
from duban.core.eventlog import GENESIS, VerifyResult, compute_hash
from duban.core.models import ChainHead, Event

CHUNK = 1000


@dataclass
class Walk:
    checked: int = 0
    labels: dict[str, str] = field(default_factory=dict)   # chain → its name in messages
    ends: dict[str, tuple] = field(default_factory=dict)   # chain → (last seq, last hash) walked
    hashes: dict[tuple, str] = field(default_factory=dict)  # (chain, seq) → hash, for the checkpoints asked about
    tasks: dict[int, tuple] = field(default_factory=dict)  # task id → (chain, seq, state, deadline, attested)
    scopes: dict[str, tuple] = field(default_factory=dict)  # global scope → (seq, attested)


def verify_log(checkpoints=()) -> VerifyResult:
    """Each chain on its own (its entries, its head, the checkpoints' word on it), naming every chain
    that is broken; then, when all are whole, the attested rows against the tables."""
    walk = Walk()
    chains = _chains(checkpoints)
    walk.labels = chain_labels(chains)
    wanted = {(chain, seq) for point in checkpoints for chain, (seq, _hash) in point.heads.items()}
    broken = [problem for chain in chains
              if (problem := _walk(walk, chain, wanted) or _check_head(walk, chain)
                  or _check_checkpoints(walk, chain, checkpoints))]
    problem = "；".join(broken) or _check_tasks(walk) or _check_scopes(walk)
    return VerifyResult(not problem, walk.checked, problem or "", chains=len(chains))


def _chains(checkpoints) -> list[str]:
    """Every chain the events, the head rows or a checkpoint speak of; the global chain first, as it
    holds the entries of older versions, written before any district chain."""
    found = set(Event.objects.order_by().values_list("chain", flat=True).distinct())
    found |= set(ChainHead.objects.values_list("chain", flat=True))
    found |= {chain for point in checkpoints for chain in point.heads}
    return sorted(found, key=lambda c: (c != GLOBAL, len(c), c))


def _walk(walk: Walk, chain: str, wanted: set[tuple]) -> str | None:
    expected, head, name = 1, GENESIS, walk.labels[chain]
    for event in Event.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected:
            return f"{name}：事件 #{expected} 缺失（链在 #{event.seq} 处断开）"
        if event.prev_hash != head or compute_hash(head, event) != event.hash:
            return f"{name}：事件 #{event.seq}（{event.action}）的内容或哈希被改动"
        if event.task_id is not None:
            problem = _note_task(walk, event)
            if problem:
                return problem
        elif event.attested.get("scope"):
            walk.scopes[event.attested["scope"]] = (event.seq, event.attested)
        if (chain, event.seq) in wanted:
            walk.hashes[(chain, event.seq)] = event.hash
        head, walk.checked, expected = event.hash, walk.checked + 1, expected + 1
    walk.ends[chain] = (expected - 1, head)
    return None


def _note_task(walk: Walk, event: Event) -> str | None:
    earlier = walk.tasks.get(event.task_id)
    # A task's events stay in one district's chain (those of older versions in the global chain).
    if earlier and earlier[0] not in (GLOBAL, event.chain):
        return (f"事项 {event.task_id} 的事件分在{walk.labels[earlier[0]]}与{walk.labels[event.chain]}两条链上："
                "事件被挪动")
    walk.tasks[event.task_id] = (event.chain, event.seq, event.state_after, event.deadline_after, event.attested)
    return None


def _check_head(walk: Walk, chain: str) -> str | None:
    head = ChainHead.objects.filter(chain=chain).values_list("seq", "hash").first()
    walked = walk.ends[chain]
    if head is None and walked[0]:
        return f"{walk.labels[chain]}：链尾记录缺失（链上有 {walked[0]} 条事件）"
    if head and head != walked:
        return f"{walk.labels[chain]}：链尾应为 #{head[0]}，实际只有 #{walked[0]}：事件被删除"
    return None


def _check_checkpoints(walk: Walk, chain: str, checkpoints) -> str | None:
    name, end = walk.labels[chain], walk.ends[chain][0]
    for point in checkpoints:
        seq, digest = point.heads.get(chain, (0, GENESIS))
        if seq > end:
            return f"{name}：日志被截断：检查点（{point.at}）记录链尾为 #{seq}，数据库里的日志只到 #{end}"
        if seq and walk.hashes.get((chain, seq)) != digest:
            return (f"{name}：事件 #{seq} 的哈希与检查点（{point.at}）记录的不同："
                    f"日志在 #{seq} 或之前被改写后重新计算了哈希")
    return None


def _check_tasks(walk: Walk) -> str | None:
    from django.apps import apps

    rows = list(apps.get_model("tasks", "Task").objects.order_by("pk").values_list("pk", "state", "deadline"))
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        current = attest.tasks_attested(pk for pk, _state, _deadline in chunk)
        for task_id, state, deadline in chunk:
            problem = _check_task(task_id, (state, deadline), walk.tasks.get(task_id), current[task_id], walk.labels)
            if problem:
                return problem
    return None


def _check_task(task_id: int, now: tuple, last: tuple | None, current: dict, labels: dict) -> str | None:
    if last is None:
        return f"事项 {task_id} 没有任何事件记录：绕过系统写入"
    chain, seq, state_after, deadline_after, recorded = last
    if now != (state_after, deadline_after):  # also for entries written before attestation existed
        return (f"事项 {task_id} 的当前状态（{now[0]}，{now[1]}）与{labels[chain]}事件 #{seq} 记录的"
                f"（{state_after}，{deadline_after}）不一致：状态被绕过系统改动")
    part = attest.first_difference(recorded, current)
    if part is None:
        return None
    return f"事项 {task_id} 的「{attest.label(part)}」与{labels[chain]}事件 #{seq} 记录的不一致：被绕过系统改动"


def _check_scopes(walk: Walk) -> str | None:
    for scope in attest.GLOBAL:
        seq, recorded = walk.scopes.get(scope.name, (None, None))
        if recorded is None:
            continue
        part = attest.first_difference(recorded, attest.global_attested(scope))
        if part:
            return f"「{attest.label(part)}」与全局链事件 #{seq} 记录的不一致：被绕过系统改动"
    return None
