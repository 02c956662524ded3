"""Status changes: a request, and a second person's decision on it (four eyes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions, queries
from ..forms import StatusForm
from ..models import StatusChange


@login_required
@require_POST
def case_status(request, case_id):
    case = queries.access_case(request.user, case_id, "change")
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            change = actions.do_request_status_change(
                case=case, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            if change.decision == "pending":
                messages.info(
                    request, _("Sent for approval: someone other than you must approve it.")
                )
            else:
                messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose a valid new status."))
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def status_decide(request, case_id, change_id):
    case = queries.access_case(request.user, case_id, "approve")
    change = queries.record_of_case(StatusChange, case, change_id)
    try:
        actions.do_decide_status_change(
            change=change, approve=request.POST.get("approve") == "1", acting_user=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("cases:detail", case_id=case.pk)
