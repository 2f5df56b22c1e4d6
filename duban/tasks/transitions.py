"""The closed loop as one table: every action a user can take on a task, and nothing else.

Each row says from which states the action starts, who may take it, what else it needs, which
event(s) it writes and the state each leads to, its label, and where each entry point offers it
(the task page's button, the API's route, the command line's subcommand). The services check
against this table (`begin`), the page draws its buttons from it, the history names events by it,
and the API and the command line build their routes and subcommands from it.
"""
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from duban.tasks.models import OPEN_STATES, ExtensionState, TaskState

# Labels and refusals stay plain Chinese here; pages (`shown_label`) and services (`begin`) translate
# them when used, in the request's language. gettext_noop marks them for the message catalogue.
_ = gettext_noop

S = TaskState


@dataclass(frozen=True)
class Outcome:
    event: str                 # the event word written to the log
    to_state: str | None       # None: the state does not change
    label: str                 # how the history names the event


@dataclass(frozen=True)
class Need:
    """A condition beyond state and role; `holds(task, actor)` answers, `refusal` explains."""

    name: str
    refusal: str

    def holds(self, task, actor) -> bool:
        return CHECKS[self.name](task, actor)


@dataclass(frozen=True)
class Param:
    form: str                  # the page's input: text, reason, comment, percent, date, files, decision, milestones
    arg: str                   # the service's keyword argument it becomes


@dataclass(frozen=True)
class Transition:
    name: str                  # also the page's button slug: /tasks/<id>/do/<name>/
    service: str               # the function in duban.tasks.services
    label: str
    label_en: str
    from_states: tuple[str, ...]
    who: str                   # a Capabilities flag: supervise, lead, report (lead or co-unit), responsible
    refusal: str               # what a user without `who` is told
    outcomes: dict[str, Outcome]
    params: tuple[Param, ...] = ()
    required: tuple[str, ...] = ()
    needs: tuple[Need, ...] = ()
    route: str = ""            # POST /api/tasks/{id}/<route>
    api_input: str | None = None  # the API's input schema (duban.api.schemas), None: no body
    api_args: tuple[tuple[str, str], ...] = ()  # API field → service argument, where they differ
    command: str = ""          # duban task <command> ID
    confirm: str = ""          # irreversible: the page asks before posting
    style: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(p.form for p in self.params)

    @property
    def shown_label(self) -> str:
        return gettext(self.label)

    @property
    def shown_confirm(self) -> str:
        return gettext(self.confirm) if self.confirm else ""

    def allowed_by(self, caps) -> bool:
        if self.who == "report":
            return caps.lead or caps.cooperate
        return bool(getattr(caps, self.who))

    def outcome(self, key: str = "done") -> Outcome:
        return self.outcomes[key]


def _pending_extension(task, actor) -> bool:
    return task.extensions.filter(state=ExtensionState.PENDING).exists()


def _requester(task, action: str) -> str | None:
    from duban.core.models import Event

    return (Event.objects.filter(task_id=task.pk, action=action).order_by("-id")
            .values_list("actor", flat=True).first())


def _pending_requester(task) -> str | None:
    ext = task.extensions.filter(state=ExtensionState.PENDING).select_related("requested_by").first()
    return ext.requested_by.username if ext else None


# Four eyes: whoever asked for a closure or an extension never decides it, and whoever asked for
# the closure does not judge, at the re-check, whether it held.
CHECKS = {
    "pending_extension": _pending_extension,
    "no_pending_extension": lambda task, actor: not _pending_extension(task, actor),
    "evidence": lambda task, actor: task.evidence.exists(),
    "not_closure_requester": lambda task, actor: _requester(task, "task.closure_requested") != actor.username,
    "not_extension_requester": lambda task, actor: _pending_requester(task) != actor.username,
}
PENDING = Need("pending_extension", _("该事项没有待审批的延期申请"))
NO_PENDING = Need("no_pending_extension", _("已有一项延期申请待审批"))
EVIDENCE = Need("evidence", _("该事项没有佐证材料，不能销号"))
FOUR_EYES_CLOSURE = Need("not_closure_requester", _("销号申请人不能审核自己的申请，请由其他督查员审核"))
FOUR_EYES_EXTENSION = Need("not_extension_requester", _("延期申请人不能审批自己的申请，请由其他督查员审批"))
FOUR_EYES_RECHECK = Need("not_closure_requester", _("销号申请人不能对自己申请销号的事项开展回头看"))

Out, P = Outcome, Param
TRANSITIONS: tuple[Transition, ...] = (
    Transition("assign", "task_assign", _("交办"), "Assign", (S.DRAFT,), "supervise", _("只有督查员可以交办事项"),
               {"done": Out("task.assigned", S.ASSIGNED, _("交办")),
                "to_review": Out("task.submitted_for_review", S.REVIEW, _("提交领导审核"))},
               route="assign", command="assign"),
    Transition("review", "task_review", _("审核"), "Review", (S.REVIEW,), "responsible", _("只有责任领导可以审核该事项"),
               {"done": Out("task.review_approved", S.ASSIGNED, _("领导审核同意")),
                "returned": Out("task.review_returned", S.DRAFT, _("领导审核退回"))},
               (P("decision", "approve"), P("reason", "reason")),
               route="review", api_input="DecisionIn", command="review"),
    Transition("sign", "task_sign", _("签收"), "Sign for", (S.ASSIGNED,), "lead", _("只有牵头单位的联络员可以签收"),
               {"done": Out("task.signed", S.IN_PROGRESS, _("签收"))}, route="sign", command="sign"),
    Transition("report", "task_report", _("报送进展"), "Report progress", (S.IN_PROGRESS,), "report",
               _("只有牵头或配合单位的联络员可以报送进展"), {"done": Out("task.reported", None, _("报送进展"))},
               (P("text", "text"), P("percent", "percent"), P("actuals", "target_actuals"),
                P("milestones", "milestones_done"), P("files", "evidence")), required=("text",), route="report", api_input="ReportIn",
               command="report"),
    Transition("request_closure", "task_request_closure", _("申请销号"), "Request closure", (S.IN_PROGRESS,), "lead",
               _("只有牵头单位的联络员可以申请销号"),
               {"done": Out("task.closure_requested", S.CLOSURE_REQUESTED, _("申请销号"))},
               (P("text", "text"), P("unmet", "target_reasons"), P("files", "evidence")), route="request-closure", api_input="TextIn",
               command="request-closure"),
    Transition("approve", "closure_approve", _("审核销号"), "Approve closure", (S.CLOSURE_REQUESTED,), "supervise",
               _("只有督查员可以审核销号"), {"done": Out("task.closure_approved", S.CLOSED, _("审核销号"))},
               (P("comment", "comment"), P("final_percent", "percent")), needs=(EVIDENCE, FOUR_EYES_CLOSURE),
               route="approve",
               api_input="TextIn", api_args=(("text", "comment"),), command="approve",
               confirm=_("确认同意销号？销号后事项办结，不可撤回。")),
    Transition("return", "closure_reject", _("退回"), "Return", (S.CLOSURE_REQUESTED,), "supervise",
               _("只有督查员可以退回销号申请"), {"done": Out("task.closure_returned", S.IN_PROGRESS, _("退回销号申请"))},
               (P("reason", "reason"),), required=("reason",), needs=(FOUR_EYES_CLOSURE,), route="reject",
               api_input="ReasonIn", command="reject", style="danger"),
    Transition("extend", "extension_request", _("申请延期"), "Request extension", (S.ASSIGNED, S.IN_PROGRESS), "lead",
               _("只有牵头单位的联络员可以申请延期"), {"done": Out("task.extension_requested", None, _("申请延期"))},
               (P("date", "new_deadline"), P("reason", "reason")), required=("date", "reason"),
               needs=(NO_PENDING,), route="extension", api_input="ExtensionIn", command="extend"),
    Transition("decide_extension", "extension_decide", _("审批延期"), "Decide extension", OPEN_STATES, "supervise",
               _("只有督查员可以审批延期"),
               {"done": Out("task.extension_approved", None, _("同意延期")),
                "refused": Out("task.extension_refused", None, _("不同意延期"))},
               (P("decision", "approve"), P("reason", "reason")), needs=(PENDING, FOUR_EYES_EXTENSION),
               route="extension/decision", api_input="DecisionIn", command="decide-extension"),
    Transition("urge", "task_urge", _("催办"), "Urge", (S.ASSIGNED, S.IN_PROGRESS), "supervise", _("只有督查员可以催办"),
               {"done": Out("task.urged", None, _("催办"))}, (P("text", "text"),), route="urge", api_input="TextIn",
               command="urge"),
    Transition("instruct", "task_instruct", _("批示"), "Instruct", tuple(s for s in S.values if s != S.CANCELLED),
               "responsible", _("只有责任领导可以批示"), {"done": Out("task.instructed", None, _("领导批示"))},
               (P("text", "text"),), required=("text",), route="instruct", api_input="TextIn", command="instruct"),
    Transition("recheck", "task_recheck", _("回头看"), "Re-check", (S.CLOSED,), "supervise", _("只有督查员可以开展回头看"),
               {"done": Out("task.recheck_consolidated", S.CONSOLIDATED, _("回头看：已巩固")),
                "rebound": Out("task.recheck_rebound", S.IN_PROGRESS, _("回头看：问题反弹"))},
               (P("decision", "consolidated"), P("comment", "comment"), P("date", "new_deadline")),
               needs=(FOUR_EYES_RECHECK,), route="recheck", api_input="RecheckIn", command="recheck"),
    Transition("cancel", "task_cancel", _("撤销事项"), "Cancel", OPEN_STATES, "supervise", _("只有督查员可以撤销事项"),
               {"done": Out("task.cancelled", S.CANCELLED, _("撤销"))}, (P("reason", "reason"),),
               required=("reason",), route="cancel", api_input="ReasonIn", command="cancel",
               confirm=_("确认撤销该事项？撤销后不可恢复。"), style="danger"),
)
BY_NAME = {t.name: t for t in TRANSITIONS}
BY_SERVICE = {t.service: t for t in TRANSITIONS}

# Events a task's history shows that are not loop actions: its creation and its edits.
OTHER_EVENTS = {"task.created": _("创建事项"), "task.updated": _("修改事项"), "task.decomposed": _("分解事项")}
EVENT_WORDS = {**OTHER_EVENTS, **{o.event: o.label for t in TRANSITIONS for o in t.outcomes.values()}}


def transition(name: str) -> Transition:
    return BY_NAME[name]
