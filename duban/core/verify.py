"""verify-log: walk the keyed chain, then compare what the log attests with the tables as they are."""
from dataclasses import dataclass, field

from duban.core import attest
from duban.core.eventlog import GENESIS, VerifyResult, compute_hash
from duban.core.models import ChainHead, Event

CHUNK = 1000


@dataclass
class Walk:
    checked: int = 0
    head: str = GENESIS
    hashes: dict[int, str] = field(default_factory=dict)   # seq → hash, for the checkpoints asked about
    tasks: dict[int, tuple] = field(default_factory=dict)  # task id → (seq, state, deadline, attested)
    scopes: dict[str, tuple] = field(default_factory=dict)  # global scope → (seq, attested)


def verify_log(checkpoints=()) -> VerifyResult:
    """The chain, then each checkpoint kept outside the database, then the attested rows."""
    walk = Walk()
    wanted = {c.seq for c in checkpoints}
    problem = (_walk(walk, wanted) or _check_head(walk) or _check_checkpoints(walk, checkpoints)
               or _check_tasks(walk) or _check_scopes(walk))
    return VerifyResult(problem is None, walk.checked, problem or "")


def _walk(walk: Walk, wanted: set[int]) -> str | None:
    expected = 1
    for event in Event.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected:
            return f"事件 #{expected} 缺失（链在 #{event.seq} 处断开）"
        if event.prev_hash != walk.head or compute_hash(walk.head, event) != event.hash:
            return f"事件 #{event.seq}（{event.action}）的内容或哈希被改动"
        if event.task_id is not None:
            walk.tasks[event.task_id] = (event.seq, event.state_after, event.deadline_after, event.attested)
        elif event.attested.get("scope"):
            walk.scopes[event.attested["scope"]] = (event.seq, event.attested)
        if event.seq in wanted:
            walk.hashes[event.seq] = event.hash
        walk.head, walk.checked, expected = event.hash, event.seq, expected + 1
    return None


def _check_head(walk: Walk) -> str | None:
    head = ChainHead.objects.filter(pk=1).first()
    if head and (head.seq, head.hash) != (walk.checked, walk.head):
        return f"链尾应为 #{head.seq}，实际只有 #{walk.checked}：事件被删除"
    return None


def _check_checkpoints(walk: Walk, checkpoints) -> str | None:
    for point in checkpoints:
        if point.seq > walk.checked:
            return (f"日志被截断：检查点（{point.at}）记录链尾为 #{point.seq}，"
                    f"数据库里的日志只到 #{walk.checked}")
        if walk.hashes.get(point.seq) != point.hash:
            return (f"事件 #{point.seq} 的哈希与检查点（{point.at}）记录的不同："
                    f"日志在 #{point.seq} 或之前被改写后重新计算了哈希")
    return None


def _check_tasks(walk: Walk) -> str | None:
    from django.apps import apps

    rows = list(apps.get_model("tasks", "Task").objects.order_by("pk").values_list("pk", "state", "deadline"))
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        current = attest.tasks_attested(pk for pk, _state, _deadline in chunk)
        for task_id, state, deadline in chunk:
            problem = _check_task(task_id, (state, deadline), walk.tasks.get(task_id), current[task_id])
            if problem:
                return problem
    return None


def _check_task(task_id: int, now: tuple, last: tuple | None, current: dict) -> str | None:
    if last is None:
        return f"事项 {task_id} 没有任何事件记录：绕过系统写入"
    seq, state_after, deadline_after, recorded = last
    if now != (state_after, deadline_after):  # also for entries written before attestation existed
        return (f"事项 {task_id} 的当前状态（{now[0]}，{now[1]}）与事件 #{seq} 记录的"
                f"（{state_after}，{deadline_after}）不一致：状态被绕过系统改动")
    part = attest.first_difference(recorded, current)
    if part is None:
        return None
    return f"事项 {task_id} 的「{attest.label(part)}」与事件 #{seq} 记录的不一致：被绕过系统改动"


def _check_scopes(walk: Walk) -> str | None:
    for scope in attest.GLOBAL:
        seq, recorded = walk.scopes.get(scope.name, (None, None))
        if recorded is None:
            continue
        part = attest.first_difference(recorded, attest.global_attested(scope))
        if part:
            return f"「{attest.label(part)}」与事件 #{seq} 记录的不一致：被绕过系统改动"
    return None
