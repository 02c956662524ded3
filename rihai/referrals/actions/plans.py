"""Support and reintegration plans: open, add goals and milestones, record progress, close."""

import calendar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound
from rihai.audit.actions import record_audit
from rihai.core.actions import action

from .. import plans as q
from ..choices import FOLLOW_UPS, PlanItemKind, PlanItemStatus
from ..eligibility import is_child
from ..events import ReferralEvent
from ..models import PlanItem, SupportPlan
from ._common import _lock_case


def add_months(day, months: int):
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _lock_plan(acting_user, plan) -> SupportPlan:
    found = q.visible_plans(acting_user, "change").select_for_update(of=("self",))
    found = found.filter(pk=plan.pk).first()
    if found is None:
        raise RecordNotFound
    if found.closed_on:
        raise ValidationError(_("This plan is closed."))
    return found


def _audit(event, plan, acting_user, **extra):
    record_audit(
        event=event,
        acting_user=acting_user,
        obj=plan,
        extra={"case": plan.case_id, "person": plan.person_id, **extra},
    )


@action
def do_open_support_plan(
    *, case, person, acting_user, guardian_name: str = "", best_interests: str = ""
) -> SupportPlan:
    """Opens the survivor's plan with follow-ups at 3, 6 and 12 months; a child's plan needs a
    guardian and the reason it serves the child's best interests."""
    case = _lock_case(acting_user, case)
    if not case.members.filter(person=person).exists():
        raise ValidationError({"person": _("This person is not in the case.")})
    child = is_child(person.age)
    if child:
        errors = {}
        if not guardian_name.strip():
            errors["guardian_name"] = _("A child's plan names the guardian who takes part in it.")
        if not best_interests.strip():
            errors["best_interests"] = _(
                "Say why this plan is in the child's best interests (the child's views, safety, "
                "family): it is decided for the child, never for convenience."
            )
        if errors:
            raise ValidationError(errors)
    try:
        with transaction.atomic():
            plan = SupportPlan.objects.create(
                case=case,
                person=person,
                is_child=child,
                guardian_name=guardian_name.strip(),
                best_interests=best_interests.strip(),
                created_by=acting_user,
            )
    except IntegrityError:
        raise ValidationError(_("This person already has a plan in this case.")) from None
    today = timezone.localdate()
    PlanItem.objects.bulk_create(
        [
            PlanItem(plan=plan, kind=kind, due_on=add_months(today, months))
            for kind, months in FOLLOW_UPS.items()
        ]
    )
    _audit(ReferralEvent.PLAN_OPENED, plan, acting_user, child=child)
    return plan


@action
def do_add_plan_item(
    *, plan, kind: str, acting_user, description: str = "", due_on=None, referral=None
) -> PlanItem:
    plan = _lock_plan(acting_user, plan)
    errors = {}
    if kind not in PlanItemKind.values:
        errors["kind"] = _("Choose what kind of goal or milestone this is.")
    if kind == PlanItemKind.GOAL and not description.strip():
        errors["description"] = _("Describe the goal.")
    if referral is not None and (
        referral.case_id != plan.case_id or referral.person_id != plan.person_id
    ):
        errors["referral"] = _("This referral is not for this person in this case.")
    if errors:
        raise ValidationError(errors)
    item = PlanItem.objects.create(
        plan=plan, kind=kind, description=description.strip(), due_on=due_on, referral=referral
    )
    _audit(ReferralEvent.PLAN_ITEM_ADDED, plan, acting_user, item=item.pk, kind=kind)
    return item


@action
def do_update_plan_item(*, item, status: str, acting_user, note: str = "") -> PlanItem:
    """Marks a goal or milestone done (today) or not needed (with a reason), or planned again."""
    plan = _lock_plan(acting_user, item.plan)
    item = PlanItem.objects.select_for_update().filter(pk=item.pk, plan=plan).first()
    if item is None:
        raise RecordNotFound
    if status not in PlanItemStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == PlanItemStatus.NOT_NEEDED and not note.strip():
        raise ValidationError({"note": _("Say why this is not needed.")})
    item.status = status
    item.done_on = timezone.localdate() if status == PlanItemStatus.DONE else None
    item.note = note.strip()
    item.save(update_fields=["status", "done_on", "note"])
    _audit(ReferralEvent.PLAN_ITEM_CHANGED, plan, acting_user, item=item.pk, status=status)
    return item


@action
def do_close_support_plan(*, plan, acting_user) -> SupportPlan:
    """Closes the plan when its checklist is complete; says what is missing otherwise."""
    plan = _lock_plan(acting_user, plan)
    missing = [c.label for c in q.closure_checklist(plan) if not c.ok]
    if missing:
        raise ValidationError([_("The plan cannot close yet:")] + missing)
    plan.closed_on, plan.closed_by = timezone.now(), acting_user
    plan.save(update_fields=["closed_on", "closed_by"])
    _audit(ReferralEvent.PLAN_CLOSED, plan, acting_user)
    return plan
