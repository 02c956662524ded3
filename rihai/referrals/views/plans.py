"""Support plan pages: open one from a case, its goals and milestones, timeline, closure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rihai.accounts.access import RecordNotFound, require
from rihai.cases import queries as case_queries
from rihai.core.form_errors import errors_into

from .. import actions, plans
from ..forms import PlanForm, PlanItemForm, PlanItemStatusForm
from ..models import PlanItem
from .common import form_errors, report


@login_required
def plan_list(request):
    require(request.user, "case", "view")
    rows = plans.visible_plans(request.user).order_by("closed_on", "-created_on")[:200]
    actions.log_referral_view(request.user, listed_ids=[p.pk for p in rows])
    return render(request, "referrals/plans.html", {"plans": rows})


@login_required
def plan_new(request, case_id):
    case = case_queries.access_case(request.user, case_id, "change")
    members = list(case.members.select_related("person"))
    form = PlanForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = next(m.person for m in members if m.person.pk == data.pop("person"))
        try:
            plan = actions.do_open_support_plan(
                case=case, person=person, acting_user=request.user, **data
            )
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            return redirect("referrals:plan", plan_id=plan.pk)
    return render(request, "referrals/plan_new.html", {"case": case, "form": form})


@login_required
def plan_detail(request, plan_id):
    plan = plans.access_plan(request.user, plan_id)
    actions.log_referral_view(request.user, plan)
    can_change = (
        not plan.closed_on
        and plans.visible_plans(request.user, "change").filter(pk=plan.pk).exists()
    )
    return render(
        request,
        "referrals/plan.html",
        {
            "plan": plan,
            "items": plan.items.all(),
            "checklist": plans.closure_checklist(plan),
            "timeline": plans.timeline(plan),
            "can_change": can_change,
            "item_form": PlanItemForm(),
            "status_form": PlanItemStatusForm(),
        },
    )


@login_required
@require_POST
def plan_item_add(request, plan_id):
    plan = plans.access_plan(request.user, plan_id, "change")
    form = PlanItemForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_plan_item(plan=plan, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            report(request, exc)
    else:
        form_errors(request, form)
    return redirect("referrals:plan", plan_id=plan.pk)


@login_required
@require_POST
def plan_item_update(request, plan_id, item_id):
    plan = plans.access_plan(request.user, plan_id, "change")
    item = PlanItem.objects.filter(plan=plan, pk=item_id).first()
    if item is None:
        raise RecordNotFound
    form = PlanItemStatusForm(request.POST)
    if form.is_valid():
        try:
            actions.do_update_plan_item(item=item, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            report(request, exc)
    else:
        form_errors(request, form)
    return redirect("referrals:plan", plan_id=plan.pk)


@login_required
@require_POST
def plan_close(request, plan_id):
    plan = plans.access_plan(request.user, plan_id, "change")
    try:
        actions.do_close_support_plan(plan=plan, acting_user=request.user)
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, _("Plan closed."))
    return redirect("referrals:plan", plan_id=plan.pk)
