"""The parts of a task the event log attests, read in a few set-based queries per batch of tasks."""
from duban.core.attest import Scope
from duban.core.prepared import OneValueQuery
from duban.tasks.models import CoUnit, Evidence, ExtensionRequest, Milestone, ProgressReport, Target, Task

CHUNK = 500  # ids per IN (...) query

# part → the task columns it covers; the order is the order verify-log checks them in.
COLUMNS = {
    "code": ["code"], "title": ["title"], "content": ["content"], "source": ["source_kind", "source_ref"],
    "programme": ["programme_id"], "lead_unit": ["lead_unit_id"], "leader": ["responsible_leader_id"],
    "person": ["responsible_person"], "deadline": ["deadline", "original_deadline"],
    "state": ["state", "assigned_on", "signed_at", "closure_requested_on", "closed_on", "recheck_due_on",
              "reopen_count"],
    "progress": ["percent", "last_report_on"], "parent": ["parent_id"],
    "rectification": ["problem_category", "rectification_class", "measures", "remarks"],
}
LABELS = {
    "code": "编号", "title": "标题", "content": "内容", "source": "来源", "programme": "督办项目",
    "lead_unit": "牵头单位", "co_units": "配合单位", "leader": "责任领导", "person": "责任人",
    "deadline": "完成时限", "state": "状态", "progress": "进度", "parent": "上级事项",
    "rectification": "整改信息", "milestones": "时间节点", "targets": "量化指标", "reports": "进展报送",
    "evidence": "佐证材料", "extensions": "延期申请",
}
# related rows: part → (model, the columns that matter, in a stable order)
RELATED = {
    "milestones": (Milestone, ["name", "due_on", "workdays_before_deadline", "done_on"]),
    "targets": (Target, ["metric", "unit_of_measure", "target_value", "actual_value"]),
    "reports": (ProgressReport, ["author_id", "unit_id", "reported_on", "text", "percent", "target_actuals"]),
    "evidence": (Evidence, ["name", "sha256", "size", "report_id", "uploaded_by_id"]),
    "extensions": (ExtensionRequest, ["requested_by_id", "reason", "old_deadline", "new_deadline", "state",
                                      "decided_by_id", "decision_reason"]),
}


# What task creation may write beside the task; the other related rows come with later events.
CREATED_BESIDE = ("co_units", "milestones", "targets")
_CREATED = "_created_beside"
OWN = [c for cs in COLUMNS.values() for c in cs]


def _own_query(lookup: str, value):
    return Task.objects.filter(**{f"pk{lookup}": value}).values_list("pk", *OWN)


def _links_query(lookup: str, value):
    links = CoUnit.objects.filter(**{f"task_id{lookup}": value})
    return links.order_by("unit_id").values_list("task_id", "unit_id")


def _related_query(name: str):
    model, columns = RELATED[name]
    return lambda lookup, value: (model.objects.filter(**{f"task_id{lookup}": value}).order_by("pk")
                                  .values_list("task_id", "pk", *columns))


QUERIES = {"own": _own_query, "co_units": _links_query, **{name: _related_query(name) for name in RELATED}}
# The usual event is about one task: its queries are compiled once (see core/prepared.py).
ONE_TASK = {name: OneValueQuery(lambda value, query=query: query("", value)) for name, query in QUERIES.items()}


def task_parts(ids: list[int], *, read=("co_units", *RELATED)) -> dict[int, dict]:
    parts: dict[int, dict] = {pk: {name: [] for name in ("co_units", *RELATED)} for pk in ids}
    for name in ("own", *read):
        for task_id, *row in _rows(name, ids):
            if name == "own":
                values = dict(zip(OWN, row, strict=True))
                parts[task_id].update({part: [values[c] for c in cs] for part, cs in COLUMNS.items()})
            else:
                parts[task_id][name].append(row[0] if name == "co_units" else row)
    return parts


def _rows(name: str, ids: list[int]):
    if len(ids) == 1:
        yield from ONE_TASK[name].rows(ids[0])
        return
    for start in range(0, len(ids), CHUNK):
        yield from QUERIES[name]("__in", ids[start:start + CHUNK])


def note_created(task, **beside) -> None:
    """Say which of CREATED_BESIDE creation wrote rows of beside `task` (`co_units=[...]`...); read
    only while the task awaits its first event (eventlog.mark_inserted)."""
    task.__dict__[_CREATED] = {name for name, rows in beside.items() if rows}


def inserted_task_parts(tasks: list) -> dict[int, dict]:
    """`task_parts` of tasks just created: the reports, evidence and extension requests they cannot
    have yet are not read, nor what their creation wrote none of (a new id has no other rows); all
    digest as the empty lists they are."""
    written = set().union(*(getattr(task, _CREATED, CREATED_BESIDE) for task in tasks))
    return task_parts([task.pk for task in tasks], read=[name for name in CREATED_BESIDE if name in written])


TASK_SCOPE = Scope(name="task", labels=LABELS, parts=task_parts, inserted_parts=inserted_task_parts)
