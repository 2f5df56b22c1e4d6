"""新建事项, 修改事项, 分解事项: thin views over task_create, task_edit and task_decompose."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duban.core.errors import DomainError, NotFound
from duban.tasks.access import access_task
from duban.tasks.services import task_create
from duban.tasks.services.creation import decomposable_units
from duban.tasks.services.decomposition import task_decompose
from duban.tasks.services.editing import task_edit
from duban.web import taskform


def _refused(request, template: str, context: dict, exc: DomainError):
    context.update({"error": str(exc), "values": taskform.with_blanks(taskform.echo(request.POST))})
    return render(request, template, context, status=400)


@login_required
def task_new(request):
    if not taskform.may_create(request.user):
        # Said plainly: this person may not create tasks at all (not a missing field).
        return render(request, "web/task_form.html", {"forbidden": True}, status=403)
    context = {"mode": "new", **taskform.choices(request.user)}
    if request.method == "POST":
        try:
            task = task_create(actor=request.user, programme=taskform.programme_name(request.POST.get("programme")),
                               **taskform.plan_values(request.POST))
        except DomainError as exc:
            return _refused(request, "web/task_form.html", context, exc)
        messages.success(request, _("已新建事项 %(code)s，可在事项页交办") % {"code": task.code})
        return redirect("web:task_detail", task_id=task.pk)
    context["values"] = taskform.with_blanks({"programme": request.GET.get("programme", "")})
    return render(request, "web/task_form.html", context)


def _task_or_404(user, task_id):
    try:
        return access_task(user, task_id)
    except NotFound as exc:
        raise Http404(str(exc)) from None


@login_required
def task_edit_view(request, task_id: int):
    task, caps = _task_or_404(request.user, task_id)
    if not caps.supervise:
        raise Http404("找不到这个页面或事项")
    context = {"mode": "edit", "task": task, **taskform.choices(request.user)}
    if request.method == "POST":
        try:
            task_edit(actor=request.user, task_id=task.pk, **taskform.plan_values(request.POST))
        except DomainError as exc:
            return _refused(request, "web/task_form.html", context, exc)
        messages.success(request, _("已保存修改") if task.state == "draft" else _("已保存修改，已告知牵头单位"))
        return redirect("web:task_detail", task_id=task.pk)
    context["values"] = taskform.with_blanks(taskform.initial_of(task))
    return render(request, "web/task_form.html", context)


@login_required
def task_decompose_view(request, task_id: int):
    task, caps = _task_or_404(request.user, task_id)
    if not (caps.supervise or caps.lead):
        raise Http404("找不到这个页面或事项")
    context = {"task": task, "units": decomposable_units(task), "subtasks": list(task.subtasks.all())}
    if request.method == "POST":
        post = request.POST
        try:
            child = task_decompose(actor=request.user, task_id=task.pk, unit=post.get("unit", ""),
                                   title=post.get("title", ""), content=post.get("content", ""),
                                   deadline=taskform._date(post.get("deadline"), "完成时限"))
        except DomainError as exc:
            context.update({"error": str(exc), "values": post})
            return render(request, "web/task_decompose.html", context, status=400)
        messages.success(request, _("已分解并交办给%(unit)s：%(title)s") % {"unit": child.lead_unit.name, "title": child.title})
        return redirect("web:task_decompose", task_id=task.pk)
    context["values"] = {"deadline": task.deadline.isoformat() if task.deadline else ""}
    return render(request, "web/task_decompose.html", context)
