"""Service under a referral: admission, services delivered, discharge, completion."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.core.actions import action

from ..choices import (
    DischargeReason,
    ReferralStatus,
)
from ..eligibility import bed_problem
from ..events import ReferralEvent
from ..models import BedCapacity, Placement, Referral, ServiceDelivery
from ..notify import notify
from ._common import RESIDENTIAL, _audit, _lock_as_answerer, _require_status, _save

# ---------------------------------------------------------------- service and shelter


@action
def do_start_service(*, referral, acting_user) -> Referral:
    """An accepted, non-residential referral begins (first session, first appointment)."""
    referral = _lock_as_answerer(acting_user, referral)
    _require_status(referral, ReferralStatus.ACCEPTED)
    if referral.service_type in RESIDENTIAL:
        raise ValidationError(
            _("A shelter referral starts with admission to a bed: admit the person.")
        )
    referral.status, referral.started_on = ReferralStatus.IN_SERVICE, timezone.now()
    _save(referral, "status", "started_on")
    _audit(ReferralEvent.STARTED, referral, acting_user)
    notify(referral, agency_id=referral.from_agency_id, event=ReferralEvent.STARTED)
    return referral


def _occupied_beds(provider_id: int, bed_type: str) -> int:
    return Placement.objects.filter(
        provider_id=provider_id, bed_type=bed_type, discharged_on__isnull=True
    ).count()


@action
def do_admit_to_shelter(*, referral, bed_type: str, acting_user) -> Placement:
    """Takes one bed of ``bed_type`` for the referred person: it must fit them and be free.

    The shelter's bed row is locked first, so two admissions racing for the last bed queue
    here and the second sees it taken.
    """
    referral = _lock_as_answerer(acting_user, referral)
    _require_status(referral, ReferralStatus.ACCEPTED)
    if referral.service_type not in RESIDENTIAL:
        raise ValidationError(
            _("Only a shelter referral admits to a bed: start the service instead.")
        )
    problem = bed_problem(
        bed_type,
        sex=referral.person_sex,
        age=referral.person_age,
        with_children=referral.with_children,
    )
    if problem:
        raise ValidationError({"bed_type": problem})
    beds = (
        BedCapacity.objects.select_for_update()
        .filter(provider_id=referral.provider_id, bed_type=bed_type)
        .first()
    )
    if beds is None:
        raise ValidationError(
            {"bed_type": _("This shelter has no beds of this type: decline with “no capacity”.")}
        )
    occupied = _occupied_beds(referral.provider_id, bed_type)
    if occupied >= beds.capacity:
        raise ValidationError(
            {
                "bed_type": _(
                    "Every bed of this type is taken. Decline with “no capacity” so the referring "
                    "agency is offered the next eligible shelter, or discharge someone first."
                )
            }
        )
    now = timezone.now()
    placement = Placement.objects.create(
        referral=referral,
        provider_id=referral.provider_id,
        bed_type=bed_type,
        admitted_on=now,
        admitted_by=acting_user,
    )
    referral.status, referral.started_on = ReferralStatus.IN_SERVICE, now
    _save(referral, "status", "started_on")
    _audit(
        ReferralEvent.ADMITTED,
        referral,
        acting_user,
        bed_type=bed_type,
        placement=placement.pk,
        free_after=beds.capacity - occupied - 1,
    )
    notify(referral, agency_id=referral.from_agency_id, event=ReferralEvent.ADMITTED)
    return placement


@action
def do_discharge_from_shelter(*, referral, acting_user, reason: str) -> Placement:
    """Frees the bed and completes the shelter referral."""
    referral = _lock_as_answerer(acting_user, referral)
    placement = (
        Placement.objects.select_for_update()
        .filter(referral=referral, discharged_on__isnull=True)
        .first()
    )
    if placement is None:
        raise ValidationError(
            _("This person was not admitted under this referral: admit them before a discharge.")
        )
    if reason not in DischargeReason.values:
        raise ValidationError({"reason": _("Choose the reason for the discharge.")})
    now = timezone.now()
    placement.discharged_on, placement.discharged_by, placement.discharge_reason = (
        now,
        acting_user,
        reason,
    )
    placement.save(update_fields=["discharged_on", "discharged_by", "discharge_reason"])
    referral.status, referral.completed_on = ReferralStatus.COMPLETED, now
    _save(referral, "status", "completed_on")
    _audit(ReferralEvent.DISCHARGED, referral, acting_user, placement=placement.pk, reason=reason)
    notify(referral, agency_id=referral.from_agency_id, event=ReferralEvent.DISCHARGED)
    return placement


@action
def do_record_service(*, referral, acting_user, delivered_on, description: str) -> ServiceDelivery:
    """Records a service delivered under a referral that is in service."""
    referral = _lock_as_answerer(acting_user, referral)
    _require_status(referral, ReferralStatus.IN_SERVICE)
    errors = {}
    if delivered_on is None or delivered_on > timezone.localdate():
        errors["delivered_on"] = _("Give the date the service was delivered (not in the future).")
    elif delivered_on < timezone.localtime(referral.requested_on).date():
        errors["delivered_on"] = _("This date is before the referral was made.")
    if not description.strip():
        errors["description"] = _("Say what was done.")
    if errors:
        raise ValidationError(errors)
    delivery = ServiceDelivery.objects.create(
        referral=referral,
        delivered_on=delivered_on,
        description=description.strip(),
        recorded_by=acting_user,
    )
    _audit(ReferralEvent.SERVICE_DELIVERED, referral, acting_user, delivery=delivery.pk)
    notify(referral, agency_id=referral.from_agency_id, event=ReferralEvent.SERVICE_DELIVERED)
    return delivery


@action
def do_complete_referral(*, referral, acting_user) -> Referral:
    """The service was given in full; a shelter referral completes by discharge instead."""
    referral = _lock_as_answerer(acting_user, referral)
    _require_status(referral, ReferralStatus.IN_SERVICE)
    if Placement.objects.filter(referral=referral, discharged_on__isnull=True).exists():
        raise ValidationError(
            _("The person is still in a bed: discharge them, which completes the referral.")
        )
    referral.status, referral.completed_on = ReferralStatus.COMPLETED, timezone.now()
    _save(referral, "status", "completed_on")
    _audit(ReferralEvent.COMPLETED, referral, acting_user)
    notify(referral, agency_id=referral.from_agency_id, event=ReferralEvent.COMPLETED)
    return referral
