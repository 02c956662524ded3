"""The case work tabs: notes, documents, tasks, flags and history, and the "my work" lists.

Thin views: access function -> form -> one action -> message and redirect. A refused form is
shown again with what was typed and the error beside its field; nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rihai.accounts.access import require

from .. import casework_queries as cq
from .. import queries
from ..actions import casework as ca
from ..casework import files
from ..casework.forms import DocumentForm, FlagForm, LiftFlagForm, NoteForm, TaskForm
from ..casework.history import describe
from ..models import CaseFlag, CaseTask
from ..resources import Resource
from ._common import errors_into


def _page(request, case, tab, template, context, status=200):
    flags = [f for f in cq.case_flags(request.user, case) if f.is_standing]
    return render(
        request,
        template,
        {
            "case": case,
            "tab": tab,
            "standing_flags": flags,
            "can_change": request.user.can(Resource.CASE, "change"),
            **context,
        },
        status=status,
    )


def _case_for(request, case_id):
    """The case for viewing, or for changing when the request is a POST."""
    return queries.access_case(
        request.user, case_id, "change" if request.method == "POST" else "view"
    )


@login_required
def case_notes(request, case_id):
    case = _case_for(request, case_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ca.do_add_note(case=case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("Note saved."))
            return redirect("cases:notes", case_id=case.pk)
    return _page(
        request,
        case,
        "notes",
        "cases/casework/notes.html",
        {
            "notes": cq.case_notes(request.user, case),
            "form": form,
            "reads_confidential": cq.may_read_confidential(request.user, case),
        },
    )


@login_required
def case_documents(request, case_id):
    case = _case_for(request, case_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ca.do_add_document(
                case=case,
                title=form.cleaned_data["title"],
                data=form.cleaned_data["file"].read(),
                acting_user=request.user,
            )
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("Document added."))
            return redirect("cases:documents", case_id=case.pk)
    return _page(
        request,
        case,
        "documents",
        "cases/casework/documents.html",
        {
            "documents": cq.case_documents(request.user, case),
            "form": form,
            "max_mb": files.max_bytes() // (1024 * 1024),
        },
    )


@login_required
@require_GET
def document_file(request, case_id, document_id):
    """The document's bytes: an attachment, or an image shown inline with ``?preview=1``.

    nosniff, a sandboxing CSP and no caching, whatever the content: the type was checked on
    upload, and these make sure a browser never treats the bytes as a page.
    """
    document = cq.access_document(request.user, case_id, document_id)
    data = ca.read_document(request.user, document)
    response = HttpResponse(data, content_type=document.content_type)
    name = f"document-{document.public_id[:8]}.{files.EXTENSIONS[document.content_type]}"
    inline = request.GET.get("preview") == "1" and document.is_image
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
def case_tasks(request, case_id):
    case = _case_for(request, case_id)
    assignees = cq.task_assignees(request.user, case)
    form = TaskForm(
        request.POST or None,
        assignees=assignees,
        initial={"assigned_to": case.assigned_to_id or request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            ca.do_add_task(case=case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("Task added."))
            return redirect("cases:tasks", case_id=case.pk)
    return _page(
        request,
        case,
        "tasks",
        "cases/casework/tasks.html",
        {"tasks": cq.case_tasks(request.user, case), "form": form},
    )


@login_required
@require_POST
def task_done(request, case_id, task_id):
    task = cq.record_of_case(CaseTask, request.user, case_id, task_id, "change")
    done = request.POST.get("done") == "1"
    ca.do_set_task_done(task=task, done=done, acting_user=request.user)
    messages.success(request, _("Task marked done.") if done else _("Task reopened."))
    return redirect("cases:tasks", case_id=task.case_id)


@login_required
def case_flags(request, case_id):
    case = _case_for(request, case_id)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ca.do_raise_flag(case=case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("Flag raised."))
            return redirect("cases:flags", case_id=case.pk)
    return _page(
        request,
        case,
        "flags",
        "cases/casework/flags.html",
        {
            "flags": cq.case_flags(request.user, case),
            "form": form,
            "lift_form": LiftFlagForm(),
        },
    )


@login_required
@require_POST
def flag_lift(request, case_id, flag_id):
    flag = cq.record_of_case(CaseFlag, request.user, case_id, flag_id, "change")
    form = LiftFlagForm(request.POST)
    if form.is_valid():
        try:
            ca.do_lift_flag(
                flag=flag, reason=form.cleaned_data["lift_reason"], acting_user=request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Flag lifted."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("cases:flags", case_id=flag.case_id)


@login_required
@require_GET
def case_history(request, case_id):
    case = queries.access_case(request.user, case_id)
    return _page(
        request,
        case,
        "history",
        "cases/casework/history.html",
        {"rows": [(row, describe(row)) for row in cq.case_history(request.user, case)]},
    )


WORK_TITLES = {
    "tasks-overdue": lambda: _("Tasks overdue"),
    "tasks-due": lambda: _("Tasks due in the next 7 days"),
    "requests-rejected": lambda: _("Your requests rejected in the last 30 days"),
    "new-assignments": lambda: _("Cases newly assigned to you"),
}


@login_required
@require_GET
def work_list(request, key):
    """One list of the home page's "my work": exactly the rows its count counted."""
    require(request.user, Resource.CASE, "view")
    lists = cq.work_lists(request.user)
    if key not in lists:
        raise Http404
    return render(
        request,
        "cases/casework/my_work.html",
        {"key": key, "title": WORK_TITLES[key](), "rows": list(lists[key])},
    )
