"""Making a referral and answering it."""

import json
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import require
from rihai.cases.consent_gate import require_disclosure_basis
from rihai.core.actions import action

from .. import queries
from ..choices import (
    CONSENT_PURPOSE,
    DEFAULT_CONSENT_PURPOSE,
    MINIMAL_SHARE,
    OPEN_STATUSES,
    DeclineReason,
    ReferralStatus,
    ServiceType,
    SharedField,
)
from ..eligibility import fitting_bed_types, provider_problems
from ..events import ReferralEvent
from ..models import BedCapacity, Provider, Referral
from ..notify import notify
from ..resources import Resource
from ..snapshot import build_snapshot
from ._common import (
    RESIDENTIAL,
    _audit,
    _lock_as_answerer,
    _lock_case,
    _require_status,
    _save,
    response_hours,
)

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
        # The gate records these in its Disclosure row; the referral keeps what was given.
        legal_reference=legal_reference.strip() if basis.kind == "legal-basis" else "",
        override_reason=override_reason.strip() if basis.kind == "override" else "",
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
    if queries.open_placement(referral) is not None:
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
