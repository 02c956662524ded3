"""Every change in the referral mechanism: one ``@action`` each, atomic, scope re-checked, audited.

Order inside each action: lock the record in the acting user's scope (``RecordNotFound`` if it
is not theirs), validate (a ``ValidationError`` saying why and what to do instead, nothing
saved), change, audit, notify the other side (e-mail after commit).
"""

import json
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound, require
from rihai.accounts.permissions import Scope
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.cases.consent_gate import require_disclosure_basis
from rihai.cases.queries import visible_cases
from rihai.core.actions import action

from . import queries
from .choices import (
    CONSENT_PURPOSE,
    DEFAULT_CONSENT_PURPOSE,
    DEFAULT_RESPONSE_HOURS,
    MINIMAL_SHARE,
    OPEN_STATUSES,
    BedType,
    DeclineReason,
    DischargeReason,
    ReferralStatus,
    ServiceType,
    SharedField,
)
from .eligibility import bed_problem, fitting_bed_types, provider_problems
from .events import ReferralEvent
from .models import BedCapacity, Placement, Provider, ProviderService, Referral, ServiceDelivery
from .notify import notify
from .resources import Resource
from .snapshot import build_snapshot

RESIDENTIAL = {ServiceType.SHELTER, ServiceType.CHILD_PROTECTION}
PROVIDER_FIELDS = frozenset(
    {
        "name",
        "name_ur",
        "kind",
        "agency",
        "province",
        "district",
        "address",
        "hours",
        "phone",
        "email",
        "languages",
        "eligible_sexes",
        "min_age",
        "max_age",
        "nationalities",
        "accepts_children",
        "is_active",
    }
)


def response_hours(service_type: str) -> int:
    configured = getattr(settings, "RIHAI_REFERRAL_RESPONSE_HOURS", {}) or {}
    return int(configured.get(service_type, DEFAULT_RESPONSE_HOURS.get(service_type, 72)))


def _audit(event, referral: Referral, acting_user, **extra) -> None:
    record_audit(
        event=event,
        acting_user=acting_user,
        obj=referral,
        extra={"case": referral.case_id, "provider": referral.provider_id, **extra},
    )


def _lock_case(acting_user, case):
    # TODO(lead): move to cases.queries as access_case(..., for_update=True).
    found = visible_cases(acting_user, "change").select_for_update(of=("self",))
    found = found.filter(pk=case.pk).first()
    if found is None:
        raise RecordNotFound
    return found


def _lock_as_answerer(acting_user, referral: Referral) -> Referral:
    """The referral locked for its recipient's answer. For a provider outside Rihai the sender
    records the provider's answer (the hand-off happened outside)."""
    referral, side = queries.lock_referral(acting_user, referral, "change")
    if side == queries.RECIPIENT or referral.to_agency_id is None:
        return referral
    raise ValidationError(_("Only the agency the referral is addressed to can answer it."))


def _require_status(referral: Referral, *allowed: str) -> None:
    if referral.status not in allowed:
        raise ValidationError(
            {
                "status": _("This referral is %(status)s: it cannot be changed this way.")
                % {"status": ReferralStatus(referral.status).label}
            }
        )


def _save(referral: Referral, *fields: str) -> None:
    referral.save(update_fields=[*fields, "modified_on"])


# ---------------------------------------------------------------- the directory


def _set_services(provider: Provider, services) -> None:
    bad = [s for s in services if s not in ServiceType.values]
    if bad:
        raise ValidationError({"services": _("Unknown service: %(s)s") % {"s": ", ".join(bad)}})
    ProviderService.objects.filter(provider=provider).exclude(service_type__in=services).delete()
    have = set(
        ProviderService.objects.filter(provider=provider).values_list("service_type", flat=True)
    )
    ProviderService.objects.bulk_create(
        [
            ProviderService(provider=provider, service_type=s)
            for s in dict.fromkeys(services)
            if s not in have
        ]
    )


def _check_provider_fields(fields: dict) -> None:
    from .choices import Language

    unknown = set(fields) - PROVIDER_FIELDS
    if unknown:
        raise ValidationError({k: _("Unknown field.") for k in unknown})
    bad_sex = [
        s for s in fields.get("eligible_sexes", []) if s not in ("female", "male", "transgender")
    ]
    if bad_sex:
        raise ValidationError(
            {"eligible_sexes": _("Unknown sex: %(s)s") % {"s": ", ".join(bad_sex)}}
        )
    bad_lang = [code for code in fields.get("languages", []) if code not in Language.values]
    if bad_lang:
        raise ValidationError(
            {"languages": _("Unknown language: %(s)s") % {"s": ", ".join(bad_lang)}}
        )


@action
def do_create_provider(*, acting_user, services, districts_served, **fields) -> Provider:
    """Lists a provider in the directory, with the needs it meets and the districts it serves."""
    require(acting_user, Resource.SERVICE, "create")
    _check_provider_fields(fields)
    provider = Provider(**fields)
    provider.full_clean()
    provider.save()
    _set_services(provider, list(services))
    provider.districts_served.set(list(districts_served) or [provider.district_id])
    record_audit(
        event=AuditEvent.RECORD_CREATED,
        acting_user=acting_user,
        obj=provider,
        extra={"services": sorted(services), "agency": provider.agency_id},
    )
    return provider


@action
def do_update_provider(
    *, provider, acting_user, services=None, districts_served=None, **fields
) -> Provider:
    """Changes a directory entry; a provider's own staff may keep their entry current."""
    provider = (
        queries.visible_providers(acting_user, "change")
        .select_for_update(of=("self",))
        .filter(pk=provider.pk)
        .first()
    )
    if provider is None:
        raise RecordNotFound
    _check_provider_fields(fields)
    if "agency" in fields and acting_user.scope_for(Resource.SERVICE, "change") != Scope.ALL:
        # Only a directory administrator may say which Rihai agency a provider is.
        raise PermissionDenied
    for name, value in fields.items():
        setattr(provider, name, value)
    provider.full_clean()
    provider.save()
    if services is not None:
        _set_services(provider, list(services))
    if districts_served is not None:
        provider.districts_served.set(list(districts_served) or [provider.district_id])
    changed = sorted(
        [*fields, *(["services"] if services is not None else [])]
        + (["districts_served"] if districts_served is not None else [])
    )
    record_audit(
        event=AuditEvent.RECORD_CHANGED,
        acting_user=acting_user,
        obj=provider,
        extra={"fields": changed},
    )
    return provider


@action
def do_set_bed_capacity(*, provider, bed_type, capacity: int, acting_user) -> BedCapacity:
    """Sets how many beds of a type a shelter has; never fewer than are occupied."""
    provider = (
        queries.visible_providers(acting_user, "change")
        .select_for_update(of=("self",))
        .filter(pk=provider.pk)
        .first()
    )
    if provider is None:
        raise RecordNotFound
    if bed_type not in BedType.values:
        raise ValidationError({"bed_type": _("Unknown bed type.")})
    if capacity is None or int(capacity) < 0 or int(capacity) > 2000:
        raise ValidationError({"capacity": _("Give a number of beds between 0 and 2000.")})
    beds, _created = BedCapacity.objects.select_for_update().get_or_create(
        provider=provider, bed_type=bed_type, defaults={"capacity": 0}
    )
    occupied = _occupied_beds(provider.pk, bed_type)
    if int(capacity) < occupied:
        raise ValidationError(
            {
                "capacity": _(
                    "%(n)s beds of this type are occupied: discharge people before removing beds."
                )
                % {"n": occupied}
            }
        )
    beds.capacity = int(capacity)
    beds.save(update_fields=["capacity"])
    record_audit(
        event=ReferralEvent.BEDS_CHANGED,
        acting_user=acting_user,
        obj=provider,
        extra={"bed_type": bed_type, "capacity": beds.capacity, "occupied": occupied},
    )
    return beds


# ---------------------------------------------------------------- making a referral


def _check_new_referral(
    *, provider: Provider, service_type, shared_fields, needs, agency_id, facts
):
    errors = {}
    if service_type not in ServiceType.values:
        errors["service_type"] = _("Unknown need.")
    elif not provider.is_active:
        errors["provider"] = _("This provider is no longer active: choose another.")
    elif not provider.services.filter(service_type=service_type).exists():
        errors["provider"] = _("This provider does not offer this service: choose another.")
    elif provider.agency_id is not None and provider.agency_id == agency_id:
        errors["provider"] = _(
            "This provider is your own agency: a referral is for help from another agency."
        )
    else:
        problems = provider_problems(provider, **facts)
        if problems:
            errors["provider"] = problems + [
                _("Choose an eligible provider: the directory search shows who serves this person.")
            ]
    unknown = [f for f in shared_fields if f not in SharedField.values]
    if unknown:
        errors["shared_fields"] = _("Unknown field to share: %(f)s") % {"f": ", ".join(unknown)}
    if not needs.strip():
        errors["needs"] = _("Say what the person needs from this provider.")
    if errors:
        raise ValidationError(errors)


@action
def do_refer_case(
    *,
    case,
    person,
    provider,
    service_type: str,
    acting_user,
    needs: str,
    risks: str = "",
    shared_fields=MINIMAL_SHARE,
    with_children: bool = False,
    legal_basis: str = "",
    legal_reference: str = "",
    override_reason: str = "",
) -> Referral:
    """Refers a survivor of ``case`` to ``provider`` for one need, through the consent gate."""
    case = _lock_case(acting_user, case)
    require(acting_user, Resource.REFERRAL, "create")
    facts = {
        "sex": person.sex,
        "age": person.age,
        "nationality": person.nationality,
        "with_children": bool(with_children),
    }
    shared_fields = list(dict.fromkeys(str(f) for f in shared_fields))
    _check_new_referral(
        provider=provider,
        service_type=service_type,
        shared_fields=shared_fields,
        needs=needs,
        agency_id=case.agency_id,
        facts=facts,
    )
    if Referral.objects.filter(
        case=case,
        person=person,
        provider=provider,
        service_type=service_type,
        status__in=OPEN_STATUSES,
    ).exists():
        raise ValidationError(
            {
                "provider": _(
                    "This person already has an open referral to this provider for this need."
                )
            }
        )
    basis = require_disclosure_basis(
        case=case,
        person=person,
        recipient=provider.agency,
        purpose=CONSENT_PURPOSE.get(service_type, DEFAULT_CONSENT_PURPOSE),
        acting_user=acting_user,
        legal_basis=legal_basis,
        legal_reference=legal_reference,
        override_reason=override_reason,
    )
    now = timezone.now()
    referral = Referral.objects.create(
        case=case,
        person=person,
        from_agency_id=case.agency_id,
        referred_by=acting_user,
        provider=provider,
        to_agency_id=provider.agency_id,
        service_type=service_type,
        person_sex=facts["sex"],
        person_age=facts["age"],
        with_children=facts["with_children"],
        nationality=facts["nationality"],
        shared_fields=shared_fields,
        snapshot=json.dumps(
            build_snapshot(person, fields=shared_fields, needs=needs, risks=risks),
            ensure_ascii=False,
        ),
        basis_kind=basis.kind,
        consent_id=basis.consent_id,
        legal_basis=basis.legal_basis,
        legal_reference=basis.legal_reference,
        override_reason=basis.override_reason,
        requested_on=now,
        due_by=now + timedelta(hours=response_hours(service_type)),
    )
    _audit(
        ReferralEvent.REFERRED,
        referral,
        acting_user,
        person=person.pk,
        to_agency=provider.agency_id,
        service_type=service_type,
        basis=basis.kind,
        shared=shared_fields,
    )
    notify(referral, agency_id=referral.to_agency_id, event=ReferralEvent.REFERRED)
    return referral


# ---------------------------------------------------------------- the recipient's answer


def _free_fitting_beds(referral: Referral) -> int:
    fitting = fitting_bed_types(
        sex=referral.person_sex, age=referral.person_age, with_children=referral.with_children
    )
    return sum(b["free"] for b in queries.beds_of(referral.provider) if b["bed_type"] in fitting)


@action
def do_accept_referral(*, referral, acting_user) -> Referral:
    """The recipient takes the referral on; for a shelter, only with a fitting bed free."""
    referral = _lock_as_answerer(acting_user, referral)
    _require_status(referral, ReferralStatus.REQUESTED)
    if (
        referral.service_type in RESIDENTIAL
        and BedCapacity.objects.filter(provider_id=referral.provider_id).exists()
        and not _free_fitting_beds(referral)
    ):
        raise ValidationError(
            _(
                "No free bed fits this person. Decline with “no capacity” so the referring "
                "agency is offered the next eligible shelter."
            )
        )
    now = timezone.now()
    referral.status, referral.accepted_on, referral.responded_on = ReferralStatus.ACCEPTED, now, now
    referral.responded_by = referral.handled_by = acting_user
    _save(referral, "status", "accepted_on", "responded_on", "responded_by", "handled_by")
    _audit(ReferralEvent.ACCEPTED, referral, acting_user, late=referral.due_by < now)
    notify(referral, agency_id=referral.from_agency_id, event=ReferralEvent.ACCEPTED)
    return referral


@action
def do_decline_referral(*, referral, acting_user, reason: str, note: str = "") -> Referral:
    """The recipient cannot help; the next eligible provider is suggested to the sender."""
    referral = _lock_as_answerer(acting_user, referral)
    _require_status(referral, ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED)
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Choose the reason for declining.")})
    if reason == DeclineReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Say why the referral is declined.")})
    now = timezone.now()
    referral.status, referral.responded_on, referral.responded_by = (
        ReferralStatus.DECLINED,
        now,
        acting_user,
    )
    referral.decline_reason, referral.decline_note = reason, note.strip()
    referral.suggested_provider = queries.next_eligible_provider(referral)
    _save(
        referral,
        "status",
        "responded_on",
        "responded_by",
        "decline_reason",
        "decline_note",
        "suggested_provider",
    )
    _audit(
        ReferralEvent.DECLINED,
        referral,
        acting_user,
        reason=reason,
        suggested_provider=referral.suggested_provider_id,
    )
    notify(referral, agency_id=referral.from_agency_id, event=ReferralEvent.DECLINED)
    return referral


@action
def do_withdraw_referral(*, referral, acting_user, note: str) -> Referral:
    """The sender takes the referral back (the person moved, or no longer wants the service)."""
    referral, side = queries.lock_referral(acting_user, referral, "change")
    if side != queries.SENDER:
        raise ValidationError(_("Only the referring agency can withdraw a referral."))
    _require_status(referral, *OPEN_STATUSES)
    if not note.strip():
        raise ValidationError({"note": _("Say why the referral is withdrawn.")})
    if Placement.objects.filter(referral=referral, discharged_on__isnull=True).exists():
        raise ValidationError(
            _(
                "The person is in a shelter bed under this referral: the shelter must discharge them first."
            )
        )
    referral.status, referral.withdrawn_on = ReferralStatus.WITHDRAWN, timezone.now()
    referral.withdraw_note = note.strip()
    _save(referral, "status", "withdrawn_on", "withdraw_note")
    _audit(ReferralEvent.WITHDRAWN, referral, acting_user)
    notify(referral, agency_id=referral.to_agency_id, event=ReferralEvent.WITHDRAWN)
    return referral


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


def log_referral_view(user, referral: Referral | None = None, *, listed_ids=None) -> None:
    """Every view of a referral's personal data leaves an audit row (one per page of a list)."""
    if listed_ids is not None:
        record_audit(
            event=AuditEvent.RECORD_LISTED,
            acting_user=user,
            object_type="referrals.referral",
            extra={"ids": listed_ids[:100], "count": len(listed_ids)},
        )
    else:
        record_audit(event=AuditEvent.RECORD_VIEWED, acting_user=user, obj=referral)
