"""Consent: recording it and revoking it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions, queries
from ..forms import ConsentForm
from ..models import Consent


@login_required
@require_POST
def consent_add(request, case_id):
    case = queries.access_case(request.user, case_id, "change")
    members = list(case.members.select_related("person"))
    form = ConsentForm(request.POST, members=members)
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = next(m.person for m in members if m.person.pk == data.pop("person"))
        try:
            actions.do_record_consent(case=case, person=person, acting_user=request.user, **data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Consent recorded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def consent_revoke(request, case_id, consent_id):
    case = queries.access_case(request.user, case_id, "change")
    consent = queries.record_of_case(Consent, case, consent_id)
    try:
        actions.do_revoke_consent(consent=consent, acting_user=request.user)
    except (ValidationError, PermissionDenied):
        messages.error(request, _("This consent cannot be revoked."))
    return redirect("cases:detail", case_id=case.pk)
