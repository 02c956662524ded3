"""Taking a lead into an investigation: the target agency's page step (thin; the write is
the justice app's action ``do_open_inquiry_from_lead``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rihai.justice import queries as justice_queries
from rihai.justice.actions import do_open_inquiry_from_lead

from . import queries


def investigations_to_attach(user):
    """The investigations a lead could join: the user's agency's, open, newest first."""
    if not user.can("investigation", "change"):
        return []
    return list(
        justice_queries.visible_investigations(user, "change")
        .filter(outcome="")
        .order_by("-created_on", "-id")
        .only("id", "reference", "complaint_number")[:100]
    )


@login_required
@require_POST
def lead_take(request, lead_id):
    lead = queries.access_lead(request.user, lead_id)
    choice = request.POST.get("investigation", "new")
    investigation = None
    if choice != "new":
        investigation = justice_queries.access_investigation(request.user, choice, "change")
    try:
        made = do_open_inquiry_from_lead(
            lead=lead, investigation=investigation, acting_user=request.user
        )
    except PermissionDenied:
        messages.error(request, _("Opening an inquiry needs an investigator of this agency."))
        return redirect("screening:leads")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("screening:leads")
    messages.success(
        request,
        _("The lead is in investigation %(reference)s, with the ad as evidence.")
        % {"reference": made.reference},
    )
    return redirect("justice:detail", investigation_id=made.pk)
