"""Thin pages over the rating services: list, one round (organise, vote, results), the document."""
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.core.errors import DomainError, NotFound
from duban.ratings import services as svc
from duban.ratings.documents import round_results_docx
from duban.ratings.models import Choice, RoundState
from duban.tasks.access import memberships_of, supervises_unit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _organising_units(user):
    return [m.unit for m in memberships_of(user) if supervises_unit(user, m.unit)]


@login_required
def rounds(request):
    if request.method == "POST":
        try:
            rnd = svc.round_create(actor=request.user, title=request.POST.get("title", ""),
                                   owner_unit=request.POST.get("owner_unit", ""),
                                   into_assessment=request.POST.get("into_assessment") == "on",
                                   threshold=_int(request.POST.get("threshold"), 80))
            return redirect("ratings:round", rnd.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "ratings/rounds.html", {"rounds": svc.rounds_for(request.user),
                                                   "units": _organising_units(request.user)})


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def round_page(request, round_id: int):
    try:
        rnd = svc.round_for_reader(request.user, round_id)
    except NotFound:
        raise Http404("测评不存在") from None
    organiser = supervises_unit(request.user, rnd.owner_unit)
    turnout = svc.round_turnout(user=request.user, round_id=rnd.pk)
    results = svc.round_results(user=request.user, round_id=rnd.pk) if rnd.state == RoundState.CLOSED else None
    return render(request, "ratings/round.html", {
        "round": rnd, "items": rnd.items.select_related("unit"), "organiser": organiser, "turnout": turnout,
        "results": results, "can_vote": turnout["may_vote"], "choices": Choice.choices})


def _act(request, round_id, action):
    try:
        action()
    except NotFound:
        raise Http404("测评不存在") from None
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("ratings:round", round_id)


@login_required
@require_POST
def round_item(request, round_id: int):
    unit = request.POST.get("unit") or None
    return _act(request, round_id, lambda: svc.round_item_add(actor=request.user, round_id=round_id,
                                                              name=request.POST.get("name", ""), unit=unit))


@login_required
@require_POST
def round_raters(request, round_id: int):
    names = request.POST.get("usernames", "").replace("，", ",").replace("、", ",").split(",")
    return _act(request, round_id, lambda: svc.round_raters_add(
        actor=request.user, round_id=round_id, usernames=[n.strip() for n in names if n.strip()]))


@login_required
@require_POST
def round_open(request, round_id: int):
    return _act(request, round_id, lambda: svc.round_open(actor=request.user, round_id=round_id))


@login_required
@require_POST
def round_close(request, round_id: int):
    return _act(request, round_id, lambda: svc.round_close(actor=request.user, round_id=round_id))


@login_required
@require_POST
def round_vote(request, round_id: int):
    choices = {k.removeprefix("item-"): v for k, v in request.POST.items() if k.startswith("item-")}
    comments = {k.removeprefix("comment-"): v for k, v in request.POST.items() if k.startswith("comment-")}

    def vote():
        svc.ballot_cast(actor=request.user, round_id=round_id, choices=choices, comments=comments)
        messages.success(request, _("已投票，谢谢"))
    return _act(request, round_id, vote)


@login_required
def round_export(request, round_id: int):
    out = Path(tempfile.mkdtemp()) / "rating.docx"
    try:
        round_results_docx(user=request.user, round_id=round_id, out=out)
    except NotFound:
        raise Http404("测评不存在") from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("ratings:round", round_id)
    return FileResponse(out.open("rb"), as_attachment=True, filename=f"测评结果-{round_id}.docx", content_type=DOCX)


