"""Status changes: a request, and a second person's decision on it (four eyes).

Closing a case and "not a victim" are asked twice: the first POST shows what will happen,
the second (``confirmed``) makes the request. The check is on the server, so it holds
without JavaScript and for a form posted from anywhere."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions, queries, workflow
from ..choices import CaseStatus
from ..forms import DecisionForm, StatusForm
from ..models import StatusChange
from ._common import errors_into
from .cases import render_detail

CONFIRM_STATES = {CaseStatus.CLOSED, CaseStatus.NOT_VICTIM}


def consequences(case, to_status) -> list[str]:
    """What the move will do, in words, for the confirmation page."""
    said = []
    if to_status == CaseStatus.CLOSED:
        said.append(
            _("The case will be closed: no more work is recorded on it until it is reopened.")
        )
    if to_status == CaseStatus.NOT_VICTIM:
        said.append(
            _(
                "The person will be recorded as not a victim of trafficking: the case no longer "
                "counts as a victim's case and assistance as a victim stops."
            )
        )
    if to_status in workflow.FOUR_EYES_STATES:
        said.append(
            _("Someone other than you must approve it; until then the status does not change.")
        )
    return said


@login_required
@require_POST
def case_status(request, case_id):
    case = queries.access_case(request.user, case_id, "change")
    form = StatusForm(request.POST, allowed=workflow.targets(case.status))
    if not form.is_valid():
        return render_detail(request, case.pk, status_form=form)
    to_status, reason = form.cleaned_data["to_status"], form.cleaned_data["reason"]
    move = workflow.transition(case.status, to_status)
    if move.needs_reason and not reason.strip():
        form.add_error("reason", _("Give the reason for this decision."))
        return render_detail(request, case.pk, status_form=form)
    if to_status in CONFIRM_STATES and not form.cleaned_data["confirmed"]:
        return render(
            request,
            "cases/confirm.html",
            {
                "case": case,
                "title": _("Move %(ref)s to “%(to)s”?")
                % {"ref": case.reference, "to": CaseStatus(to_status).label},
                "consequences": consequences(case, to_status),
                "hidden": {"to_status": to_status, "reason": reason, "confirmed": "1"},
                "quote": reason,
                "submit": _("Yes, ask for “%(to)s”") % {"to": CaseStatus(to_status).label},
                "back": case.get_absolute_url(),
            },
        )
    try:
        change = actions.do_request_status_change(
            case=case, acting_user=request.user, to_status=to_status, reason=reason
        )
    except ValidationError as exc:
        errors_into(form, exc)
        return render_detail(request, case.pk, status_form=form)
    if change.decision == "pending":
        messages.info(request, _("Sent for approval: someone other than you must approve it."))
    else:
        messages.success(
            request, _("Status changed to “%(to)s”.") % {"to": CaseStatus(to_status).label}
        )
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def status_decide(request, case_id, change_id):
    case = queries.access_case(request.user, case_id, "approve")
    change = queries.record_of_case(StatusChange, case, change_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render_detail(request, case.pk, decision_form=form)
    approve = form.cleaned_data["approve"]
    try:
        actions.do_decide_status_change(
            change=change,
            approve=approve,
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
        )
    except ValidationError as exc:
        errors_into(form, exc)
        return render_detail(request, case.pk, decision_form=form)
    if approve:
        messages.success(
            request,
            _("Approved: the case is now “%(to)s”. The requester was notified.")
            % {"to": CaseStatus(change.to_status).label},
        )
    else:
        messages.success(
            request, _("Rejected. The requester was notified and can read your reason.")
        )
    return redirect("cases:detail", case_id=case.pk)
