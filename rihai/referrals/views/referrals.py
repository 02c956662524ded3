"""Referral pages: the boxes (incoming, sent), a referral, making one, and each answer.

Every view starts from the access functions (``queries``) and ends in one action; a refused
action comes back as a message saying why and what to do instead.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rihai.accounts.access import require
from rihai.cases import queries as case_queries
from rihai.cases.choices import PersonSex
from rihai.core.form_errors import errors_into

from .. import actions, queries
from ..choices import OPEN_STATUSES, ReferralStatus, SharedField
from ..forms import (
    AdmitForm,
    DeclineForm,
    DischargeForm,
    ReferralFilterForm,
    ReferralForm,
    ServiceForm,
    WithdrawForm,
)
from ..resources import Resource
from ..snapshot import masked_snapshot
from .common import decision_view

PAGE_SIZE = 50


@login_required
def referral_list(request):
    require(request.user, Resource.REFERRAL, "view")
    form = ReferralFilterForm(request.GET or None)
    filters, box = {}, "incoming"
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}
        box = filters.pop("box", "incoming")
    page = Paginator(queries.referral_list(request.user, box=box, filters=filters), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    actions.log_referral_view(request.user, listed_ids=[r.pk for r in page])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "referrals/list.html",
        {
            "form": form,
            "page": page,
            "box": box,
            "query": query.urlencode(),
            "perms_overdue": request.user.can(Resource.REFERRAL, "approve"),
        },
    )


@login_required
def referral_refer(request):
    """From a case reference to the referral form (the case page links here too)."""
    require(request.user, "case", "view")
    reference = (request.GET.get("reference") or "").strip().upper()[:40]
    case = (
        case_queries.case_list(request.user, filters={"reference": reference}).first()
        if reference
        else None
    )
    if case is None:
        messages.error(request, _("No case of yours has this reference."))
        return redirect("referrals:list")
    if request.GET.get("then") == "transfer":
        return redirect("referrals:transfer-new", case_id=case.pk)
    if request.GET.get("then") == "plan":
        return redirect("referrals:plan-new", case_id=case.pk)
    return redirect("referrals:new", case_id=case.pk)


@login_required
def overdue(request):
    """A supervisor's view of every referral past its answer deadline, both directions."""
    require(request.user, Resource.REFERRAL, "approve")
    late = queries.overdue(request.user)
    sent, incoming = list(late["sent"][:200]), list(late["incoming"][:200])
    actions.log_referral_view(request.user, listed_ids=[r.pk for r in sent + incoming])
    sections = [(_("Sent by us"), sent), (_("Addressed to us"), incoming)]
    return render(request, "referrals/overdue.html", {"sections": sections})


def _shared_value(code: str, value):
    """Coded values in the reader's language (the snapshot keeps the code)."""
    if code == "sex" and value in PersonSex.values:
        return PersonSex(value).label
    return value


def _shared_rows(referral, side) -> list[dict]:
    shared = referral.shared
    if side == queries.SENDER:  # the referring agency's staff: masked, as on the person's page
        shared = masked_snapshot(shared)
    return [
        {
            "label": SharedField(code).label,
            "code": code,
            "value": _shared_value(code, shared[code]),
        }
        for code in SharedField.values
        if code in shared
    ]


@login_required
def referral_detail(request, referral_id):
    referral, side = queries.access_referral(request.user, referral_id)
    actions.log_referral_view(request.user, referral)
    answerer = side == queries.RECIPIENT or referral.to_agency_id is None
    can_change = request.user.can(Resource.REFERRAL, "change")
    status = referral.status
    open_placement = queries.open_placement(referral)
    sender_may_change = side == queries.SENDER and can_change and status in OPEN_STATUSES
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "side": side,
            "shared": _shared_rows(referral, side),
            "deliveries": referral.deliveries.all(),
            "placement": open_placement,
            "residential": referral.service_type in actions.RESIDENTIAL,
            "can_answer": answerer and can_change and status == ReferralStatus.REQUESTED,
            "can_decline": answerer and can_change and status in ("requested", "accepted"),
            "can_start": answerer and can_change and status == ReferralStatus.ACCEPTED,
            "can_serve": answerer and can_change and status == ReferralStatus.IN_SERVICE,
            # Someone in a bed under this referral is discharged by the shelter first: the
            # sender is told so instead of being offered a button the action would refuse.
            "can_withdraw": sender_may_change and open_placement is None,
            "in_bed_blocks_withdraw": sender_may_change and open_placement is not None,
            "decline_form": DeclineForm(),
            "withdraw_form": WithdrawForm(),
            "admit_form": AdmitForm(),
            "discharge_form": DischargeForm(),
            "service_form": ServiceForm(),
        },
    )


@login_required
def referral_new(request, case_id):
    """Refer a person of a case: choose the provider, the need and what to share."""
    case = case_queries.access_case(request.user, case_id, "change")
    require(request.user, Resource.REFERRAL, "create")
    members = list(case.members.select_related("person"))
    form = ReferralForm(request.POST or None, members=members, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = next(m.person for m in members if m.person.pk == data.pop("person"))
        try:
            referral = actions.do_refer_case(
                case=case, person=person, acting_user=request.user, **data
            )
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("Referral sent."))
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(request, "referrals/new.html", {"case": case, "form": form})


def _reach_to_change(user, referral_id):
    """A referral the user may change (either side), and which side they are on."""
    return queries.access_referral(user, referral_id, "change")


def _answer(run, form_class=None):
    """One answer to a referral; back to the referral."""
    return decision_view(_reach_to_change, run, form_class, back="referrals:detail")


referral_accept = _answer(actions.do_accept_referral)
referral_decline = _answer(actions.do_decline_referral, DeclineForm)
referral_withdraw = _answer(actions.do_withdraw_referral, WithdrawForm)
referral_start = _answer(actions.do_start_service)
referral_admit = _answer(actions.do_admit_to_shelter, AdmitForm)
referral_discharge = _answer(actions.do_discharge_from_shelter, DischargeForm)
referral_service = _answer(actions.do_record_service, ServiceForm)
referral_complete = _answer(actions.do_complete_referral)


@login_required
def notification_list(request):
    """Referral and transfer notices are the user's own notifications now (read and unread,
    with the rest); the old address keeps working for those who work with referrals."""
    require(request.user, Resource.REFERRAL, "view")
    return redirect("core:notifications")
