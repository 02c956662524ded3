"""Case transfer pages: both sides' lists, one transfer, asking, and each decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rihai.accounts.access import require
from rihai.cases import queries as case_queries

from .. import actions, transfers
from ..forms import NoteForm, TransferAcceptForm, TransferApprovalForm, TransferForm
from .common import decision_view


@login_required
def transfer_list(request):
    require(request.user, "case", "view")
    sent = transfers.sent_transfers(request.user).select_related("to_agency")
    incoming = transfers.incoming_transfers(request.user).select_related("from_agency")
    return render(
        request,
        "referrals/transfers.html",
        {
            "sent": sent.order_by("-requested_on")[:100],
            "incoming": incoming.order_by("-requested_on")[:100],
        },
    )


@login_required
def transfer_detail(request, transfer_id):
    transfer, side = transfers.access_transfer(request.user, transfer_id)
    actions.log_referral_view(request.user, transfer)
    supervisor = request.user.can("case", "approve")
    # After the hand-over the sending agency keeps the fact of the transfer, not its content.
    show_reason = not (side == transfers.SENDER and transfer.status == "accepted")
    return render(
        request,
        "referrals/transfer.html",
        {
            "transfer": transfer,
            "side": side,
            "show_reason": show_reason,
            "can_approve": side == "sender" and supervisor and transfer.status == "requested",
            "can_cancel": side == "sender" and transfer.status in ("requested", "approved"),
            "can_decide": side == "receiver" and transfer.status == "approved",
            "approval_form": TransferApprovalForm(),
            "accept_form": TransferAcceptForm(agency_id=request.user.agency_id),
            "note_form": NoteForm(),
        },
    )


@login_required
def transfer_new(request, case_id):
    case = case_queries.access_case(request.user, case_id, "change")
    form = TransferForm(request.POST or None, exclude_agency_id=case.agency_id)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = actions.do_request_transfer(
                case=case, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Transfer requested: a supervisor approves it next."))
            return redirect("referrals:transfer", transfer_id=transfer.pk)
    return render(request, "referrals/transfer_new.html", {"case": case, "form": form})


def _decision(run, form_class, **kwargs):
    """One decision on a transfer the user may reach (each action checks its side); back to
    the transfer."""
    return decision_view(
        transfers.access_transfer, run, form_class, back="referrals:transfer", **kwargs
    )


def _own_agency(request) -> dict:
    return {"agency_id": request.user.agency_id}


transfer_approve = _decision(actions.do_approve_transfer, TransferApprovalForm)
transfer_accept = _decision(actions.do_accept_transfer, TransferAcceptForm, form_kwargs=_own_agency)
transfer_decline = _decision(actions.do_decline_transfer, NoteForm)
transfer_cancel = _decision(actions.do_cancel_transfer, NoteForm)
