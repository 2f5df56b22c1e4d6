"""Paste or upload a report, review what was read beside the text, confirm into draft tasks.

Thin: reading, proposing and confirming are the same functions the command line calls.
"""
import copy

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duban.core.errors import DomainError, NotFound
from duban.intake import proposals, selectors, services
from duban.tasks.services import programme_by_name

FIELDS = ("title", "lead_unit", "deadline", "programme")


def _reader(request) -> None:
    if not services.can_read_reports(request.user):
        raise PermissionDenied("只有督查员或审计人员可以使用文件解析")


@login_required
def new(request):
    _reader(request)
    context = {"programmes": selectors.programme_choices(), "documents": selectors.documents_of(request.user)[:20],
               "form": {}}
    if request.method != "POST":
        return render(request, "intake/new.html", context)
    try:
        form = {k: request.POST.get(k, "") for k in ("text", "date", "programme")}
        context["form"] = form
        document = _read(request, form)
    except RequestDataTooBig:
        context["error"] = _("提交的内容超过上限；请上传文件（不超过 %(mb)d MB）") % {
            "mb": selectors.WEB_MAX_BYTES // (1024 * 1024)}
        return render(request, "intake/new.html", context, status=400)
    except DomainError as exc:
        context["error"] = str(exc)
        return render(request, "intake/new.html", context, status=400)
    return redirect("intake:review", document_id=document.pk)


def _read(request, form: dict):
    from duban.core.parsing import parse_date

    upload = request.FILES.get("file")
    if upload:
        text, name = selectors.text_of_upload(upload), upload.name
    else:
        text, name = selectors.text_of_paste(form["text"]), "粘贴的文字"
    programme = programme_by_name(form["programme"]).name if form["programme"] else ""
    date = parse_date(form["date"], "发布日期")
    extracted = proposals.extract(text, date=date)
    proposal = proposals.build(text=text, name=name, programme=programme, proposed_by=request.user.username,
                               date=date, result=extracted)
    return services.document_create(actor=request.user, name=name, proposal=proposal, extracted=extracted)


@login_required
def review(request, document_id: int):
    _reader(request)
    try:
        document = selectors.access_document(request.user, document_id)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    if request.method == "POST" and not document.confirmed:
        edits = _edits(request.POST, document.proposal)
        try:
            services.proposal_confirm(actor=request.user, proposal=_edited(document.proposal, edits),
                                      document=document)
        except DomainError as exc:
            return _review_page(request, document, edits=edits, error=str(exc), status=400)
        return redirect("intake:review", document_id=document.pk)
    return _review_page(request, document)


def _review_page(request, document, *, edits=None, error="", status=200):
    tasks = document.links.select_related("task", "task__lead_unit") if document.confirmed else []
    return render(request, "intake/review.html", {
        "document": document, "articles": selectors.review(document, edits), "error": error,
        "units": selectors.unit_choices(), "programmes": selectors.programme_choices(),
        "links": tasks, "count": len(document.proposal.get("tasks") or [])}, status=status)


def _edits(post, proposal: dict) -> dict:
    """What the reviewer set for each item: kept or not, and the fields of its row."""
    edits, fallback = {}, post.get("programme_all", "").strip()
    for task in proposal.get("tasks") or []:
        n = task["item"]
        row = {name: post.get(f"{name}_{n}", "").strip() for name in FIELDS}
        row["programme"] = row["programme"] or fallback
        row["keep"] = f"keep_{n}" in post
        row["lead_unit"] = row["lead_unit"] or None
        row["deadline"] = row["deadline"] or None
        edits[n] = row
    return edits


def _edited(proposal: dict, edits: dict) -> dict:
    edited = copy.deepcopy(proposal)
    for task in edited["tasks"]:
        task.update(edits.get(task["item"], {}))
    return edited
