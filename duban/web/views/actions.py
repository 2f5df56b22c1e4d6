"""One thin view behind every button of the task page: resolve, call the service, show the outcome."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from duban.core.errors import DomainError, NotFound
from duban.web.actions import ACTIONS, perform
from duban.web.views.tasks import task_detail


@login_required
@require_POST
def task_action(request, task_id: int, name: str):
    if name not in ACTIONS:
        raise Http404("没有这个操作")
    try:
        done = perform(name, actor=request.user, task_id=task_id, post=request.POST, files=request.FILES)
    except NotFound as exc:  # the service says so itself, for a missing task and one out of reach alike
        raise Http404(str(exc)) from None
    except DomainError as exc:
        # Shown beside the form that caused it; the form keeps what was typed.
        return task_detail(request, task_id, error={"action": name, "message": str(exc), "post": request.POST},
                           status=400)
    messages.success(request, done)
    return redirect("web:task_detail", task_id=task_id)
