"""Consent: recording it and revoking it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions, queries
from ..forms import ConsentForm
from ..models import Consent
from ._common import errors_into
from .cases import render_detail


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
            errors_into(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("cases:detail", case_id=case.pk)
    # The page again with the form open and what was typed still in it.
    messages.error(request, _("The consent was not recorded: see the form below."))
    return render_detail(request, case.pk, consent_form=form)


@login_required
@require_POST
def consent_revoke(request, case_id, consent_id):
    """Asks first (what revoking does), then revokes on the confirmed POST."""
    case = queries.access_case(request.user, case_id, "change")
    consent = queries.record_of_case(Consent, case, consent_id)
    if request.POST.get("confirmed") != "1":
        return render(
            request,
            "cases/confirm.html",
            {
                "case": case,
                "title": _("Revoke this consent?"),
                "consequences": [
                    _(
                        "Nothing more may be shared with %(agency)s for “%(purpose)s” on the "
                        "strength of this consent, from now on."
                    )
                    % {"agency": consent.recipient, "purpose": consent.get_purpose_display()},
                    _("What was already shared stays with them; revoking cannot be undone."),
                ],
                "hidden": {"confirmed": "1"},
                "submit": _("Yes, revoke the consent"),
                "back": case.get_absolute_url(),
            },
        )
    try:
        actions.do_revoke_consent(consent=consent, acting_user=request.user)
    except (ValidationError, PermissionDenied):
        messages.error(request, _("This consent cannot be revoked."))
    else:
        messages.success(request, _("The consent was revoked."))
    return redirect("cases:detail", case_id=case.pk)
