"""An accused's status, and a suspect linked to (or ruled out of) a survivor's account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions, queries
from ..forms_accused import AccusedStatusForm, RecruiterLinkForm
from ..models import Accused
from .common import form_errors, run_and_return


@login_required
@require_POST
def accused_status(request, investigation_id, accused_id):
    investigation = queries.access_investigation(request.user, investigation_id, "change")
    accused = get_object_or_404(Accused, investigation=investigation, pk=accused_id)
    return run_and_return(
        request,
        investigation,
        AccusedStatusForm(request.POST, prefix=f"a{accused.pk}"),
        lambda data: actions.do_record_accused_status(
            accused=accused, acting_user=request.user, **data
        ),
        _("Status recorded."),
    )


@login_required
@require_POST
def recruiter_link(request, suspect_id):
    suspect = queries.access_suspect(request.user, suspect_id, "change")
    form = RecruiterLinkForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    else:
        try:
            actions.do_decide_recruiter_link(
                suspect=suspect,
                account_id=form.cleaned_data["account"],
                decision=form.cleaned_data["decision"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Decision recorded."))
    return redirect("justice:suspect", suspect_id=suspect.pk)
