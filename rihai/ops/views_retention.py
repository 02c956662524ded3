"""Pages for holds and erasure requests: thin views over the operations actions.

Each page first checks the ops grant (403 without it); each action re-checks the record's
scope through its app's access function, so another agency's record answers 404, as a
missing one does. Lists show ids, types, dates and people on staff, never a reason's text
or a person's data, so they write no audit row; the actions write theirs.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rihai.accounts.access import RecordNotFound, require
from rihai.cases.erasure import do_erase_person
from rihai.core.form_errors import errors_into
from rihai.core.plugins import retention_rules

from . import actions, queries
from .forms import ErasureRequestForm, LiftHoldForm, PlaceHoldForm
from .models import ErasureRequest
from .resources import Resource

LIST_SIZE = 200


def _holds_page(request, form, status=200):
    holds = list(
        queries.visible_holds(request.user)
        .select_related("placed_by", "lifted_by")
        .order_by("lifted_on", "-placed_on", "-id")[:LIST_SIZE]
    )
    labels = {code: rule.label for code, rule in retention_rules().items()}
    for hold in holds:
        hold.type_label = labels.get(hold.record_type, hold.record_type)
    can_change = request.user.can(Resource.HOLD, "change")
    return render(
        request,
        "ops/holds.html",
        {
            "holds": holds,
            "form": form if request.user.can(Resource.HOLD, "create") else None,
            "lift_form": LiftHoldForm() if can_change else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def holds(request):
    require(request.user, Resource.HOLD, "view")
    if request.method == "GET":
        return _holds_page(request, PlaceHoldForm())
    require(request.user, Resource.HOLD, "create")
    form = PlaceHoldForm(request.POST)
    if form.is_valid():
        try:
            hold = actions.do_place_hold(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("Hold %(id)s placed.") % {"id": hold.pk})
            return redirect("ops:holds")
    return _holds_page(request, form, status=400)


@login_required
@require_POST
def lift_hold(request, hold_id):
    require(request.user, Resource.HOLD, "change")
    hold = queries.visible_holds(request.user, "change").filter(pk=hold_id).first()
    if hold is None:
        raise RecordNotFound
    form = LiftHoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the hold is lifted."))
        return redirect("ops:holds")
    try:
        actions.do_lift_hold(
            hold=hold, reason=form.cleaned_data["reason"], acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Hold %(id)s lifted.") % {"id": hold.pk})
    return redirect("ops:holds")


def _erasures_page(request, form, status=200):
    found = list(
        queries.visible_erasures(request.user)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_on", "-id")[:LIST_SIZE]
    )
    pending = [e for e in found if e.status == ErasureRequest.Status.PENDING]
    decided = [e for e in found if e.status != ErasureRequest.Status.PENDING]
    return render(
        request,
        "ops/erasures.html",
        {
            "pending": pending,
            "decided": decided,
            "form": form if request.user.can(Resource.ERASURE, "create") else None,
            "can_decide": request.user.can(Resource.ERASURE, "approve"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def erasures(request):
    require(request.user, Resource.ERASURE, "view")
    if request.method == "GET":
        return _erasures_page(request, ErasureRequestForm())
    require(request.user, Resource.ERASURE, "create")
    form = ErasureRequestForm(request.POST)
    if form.is_valid():
        try:
            erasure = actions.do_request_erasure(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(
                request,
                _("Erasure %(id)s asked for: another supervisor must now decide it.")
                % {"id": erasure.pk},
            )
            return redirect("ops:erasures")
    return _erasures_page(request, form, status=400)


@login_required
@require_POST
def decide_erasure(request, request_id):
    require(request.user, Resource.ERASURE, "approve")
    erasure = queries.visible_erasures(request.user, "approve").filter(pk=request_id).first()
    decision = request.POST.get("decision")
    if erasure is None or decision not in ("erase", "reject"):
        raise RecordNotFound
    try:
        if decision == "erase":
            do_erase_person(request=erasure, acting_user=request.user)
            messages.success(request, _("The person's personal data was erased."))
        else:
            actions.do_reject_erasure(request=erasure, acting_user=request.user)
            messages.success(request, _("Erasure refused: the data stays."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("ops:erasures")
