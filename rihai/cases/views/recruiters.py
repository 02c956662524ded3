"""Recording a survivor's account of a recruiter on their case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import queries
from ..actions.recruiters import do_record_recruiter
from ..forms_recruiters import RecruiterForm


@login_required
@require_POST
def recruiter_add(request, case_id):
    case = queries.access_case(request.user, case_id, "change")
    form = RecruiterForm(request.POST)
    if form.is_valid():
        try:
            do_record_recruiter(case=case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Recruiter recorded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("cases:detail", case_id=case.pk)
