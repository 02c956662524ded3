"""A suspect's page: the investigations naming them and possible same suspects elsewhere."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions, queries
from ..choices import LinkBasis
from ..forms import LinkDecisionForm
from ..linking import matches_for
from ..linking_recruiters import recruiter_matches_for
from .common import form_errors


@login_required
def suspect_detail(request, suspect_id):
    suspect = queries.access_suspect(request.user, suspect_id)
    mine, elsewhere = matches_for(request.user, suspect)
    accounts, accounts_elsewhere = recruiter_matches_for(request.user, suspect)
    actions.log_personal_data_view(request.user, suspect)
    if accounts:  # survivors' accounts shown by name: their own audit row
        actions.log_personal_data_view(
            request.user,
            object_type="cases.recruiteraccount",
            listed_ids=[o.match.account.pk for o in accounts],
        )
    return render(
        request,
        "justice/suspect.html",
        {
            "suspect": suspect,
            "investigations": queries.visible_investigations(request.user).filter(
                accused__suspect=suspect
            ),
            "mine": mine,
            "elsewhere": elsewhere,
            "accounts": accounts,
            "accounts_elsewhere": accounts_elsewhere,
            "basis_labels": dict(LinkBasis.choices),
            "can_change": request.user.can("investigation", "change"),
        },
    )


@login_required
@require_POST
def suspect_link(request, suspect_id):
    suspect = queries.access_suspect(request.user, suspect_id, "change")
    form = LinkDecisionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    else:
        other = queries.access_suspect(request.user, form.cleaned_data["other"], "change")
        try:
            actions.do_decide_suspect_link(
                suspect=suspect,
                other=other,
                decision=form.cleaned_data["decision"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Decision recorded."))
    return redirect("justice:suspect", suspect_id=suspect.pk)
