"""Reading support plans: through the case's scope, so a plan follows its case everywhere.

Also the closure checklist and a survivor's timeline (referrals, shelter stays, services,
milestones), both computed, never stored.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound
from rihai.cases.queries import visible_cases

from .choices import FOLLOW_UPS, OPEN_STATUSES, PlanItemStatus
from .models import Placement, PlanItem, Referral, ServiceDelivery, SupportPlan


def visible_plans(user, action: str = "view") -> QuerySet:
    return SupportPlan.objects.filter(case__in=visible_cases(user, action).values("pk"))


def access_plan(user, plan_id, action: str = "view") -> SupportPlan:
    try:
        return visible_plans(user, action).get(pk=plan_id)
    except (SupportPlan.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


def plans_of_case(user, case) -> QuerySet:
    return visible_plans(user).filter(case=case)


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool


def closure_checklist(plan: SupportPlan) -> list[Check]:
    """What must be true before a plan closes; each line says what is missing."""
    items = list(plan.items.all())
    open_items = [i for i in items if i.status == PlanItemStatus.PLANNED]
    follow_ups_done = all(
        any(i.kind == kind and i.status == PlanItemStatus.DONE for i in items)
        for kind in FOLLOW_UPS
    )
    open_referrals = Referral.objects.filter(
        case_id=plan.case_id, person_id=plan.person_id, status__in=OPEN_STATUSES
    ).exists()
    checks = [
        Check(_("Every goal and milestone is done or marked not needed"), not open_items),
        Check(_("Follow-ups at 3, 6 and 12 months are done"), follow_ups_done),
        Check(_("No referral is still open"), not open_referrals),
    ]
    if plan.is_child:
        checks.append(
            Check(
                _("A guardian and the child's best interests are recorded"),
                bool(plan.guardian_name and plan.best_interests),
            )
        )
    return checks


def timeline(plan: SupportPlan) -> list[dict]:
    """The survivor's path in this case, oldest first: referrals, stays, services, milestones."""
    events = []
    referrals = Referral.objects.filter(case_id=plan.case_id, person_id=plan.person_id)
    for r in referrals.select_related("provider"):
        events.append(
            {
                "on": r.requested_on,
                "what": _("Referred for %(need)s to %(to)s")
                % {"need": r.get_service_type_display(), "to": r.provider},
                "referral": r.pk,
            }
        )
        if r.accepted_on:
            events.append({"on": r.accepted_on, "what": _("Referral accepted"), "referral": r.pk})
        if r.completed_on:
            events.append({"on": r.completed_on, "what": _("Referral completed"), "referral": r.pk})
    for p in Placement.objects.filter(referral__in=referrals).select_related("provider"):
        events.append({"on": p.admitted_on, "what": _("Admitted to %(p)s") % {"p": p.provider}})
        if p.discharged_on:
            events.append(
                {"on": p.discharged_on, "what": _("Discharged from %(p)s") % {"p": p.provider}}
            )
    for d in ServiceDelivery.objects.filter(referral__in=referrals):
        events.append({"on": d.delivered_on, "what": _("Service delivered")})
    for i in PlanItem.objects.filter(plan=plan, status=PlanItemStatus.DONE):
        events.append({"on": i.done_on, "what": i.get_kind_display()})
    from datetime import datetime, time

    from django.utils import timezone

    def when(event):
        on = event["on"]
        if not isinstance(on, datetime):
            on = timezone.make_aware(datetime.combine(on, time.min))
        return on

    return sorted(events, key=when)
