"""Case transfers: requested by case staff, approved by both supervisors, through the consent gate."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.audit.actions import record_audit
from rihai.cases.actions.handover import hand_over_case
from rihai.cases.consent_gate import require_disclosure_basis
from rihai.cases.queries import primary_person
from rihai.core.actions import action

from .. import transfers as q
from ..choices import OPEN_TRANSFER, TransferStatus
from ..events import ReferralEvent
from ..models import Transfer
from ..notify import notify_transfer
from ._common import _lock_case

TRANSFER_PURPOSE = "referral"  # cases.choices.ConsentPurpose: referral for services


def _audit(event, transfer: Transfer, acting_user, **extra) -> None:
    record_audit(
        event=event,
        acting_user=acting_user,
        obj=transfer,
        extra={
            "case": transfer.case_id,
            "from_agency": transfer.from_agency_id,
            "to_agency": transfer.to_agency_id,
            **extra,
        },
    )


def _require_status(transfer: Transfer, *allowed) -> None:
    if transfer.status not in allowed:
        raise ValidationError(
            _("This transfer is already “%(status)s”.")
            % {"status": TransferStatus(transfer.status).label}
        )


@action
def do_request_transfer(*, case, to_agency, reason: str, acting_user) -> Transfer:
    """Asks for ``case`` to be handed to ``to_agency``; the sending supervisor approves next."""
    case = _lock_case(acting_user, case)
    errors = {}
    if to_agency is None or not to_agency.is_active:
        errors["to_agency"] = _("Choose an active agency to take the case.")
    elif to_agency.pk == case.agency_id:
        errors["to_agency"] = _("The case already belongs to this agency.")
    if not reason.strip():
        errors["reason"] = _("Say why the other agency should take the case.")
    person = primary_person(case)
    if person is None:
        errors["case"] = _("This case has no primary survivor.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                case=case,
                person=person,
                from_agency_id=case.agency_id,
                to_agency=to_agency,
                reason=reason.strip(),
                person_sex=person.sex,
                person_age=person.age,
                requested_by=acting_user,
            )
    except IntegrityError:
        raise ValidationError(
            _("A transfer of this case is already under way: finish or cancel it first.")
        ) from None
    _audit(ReferralEvent.TRANSFER_REQUESTED, transfer, acting_user)
    notify_transfer(transfer, agency_id=transfer.from_agency_id, event="transfer-requested")
    return transfer


@action
def do_approve_transfer(
    *,
    transfer,
    acting_user,
    legal_basis: str = "",
    legal_reference: str = "",
    override_reason: str = "",
) -> Transfer:
    """The sending supervisor lets the case go: the data leaves only through the consent gate."""
    transfer = q.lock_transfer(q.sent_transfers(acting_user, "approve"), transfer)
    _require_status(transfer, TransferStatus.REQUESTED)
    case = _lock_case(acting_user, transfer.case)
    basis = require_disclosure_basis(
        case=case,
        person=transfer.person,
        recipient=transfer.to_agency,
        purpose=TRANSFER_PURPOSE,
        acting_user=acting_user,
        legal_basis=legal_basis,
        legal_reference=legal_reference,
        override_reason=override_reason,
    )
    transfer.status, transfer.approved_by, transfer.approved_on = (
        TransferStatus.APPROVED,
        acting_user,
        timezone.now(),
    )
    transfer.basis_kind, transfer.consent_id = basis.kind, basis.consent_id
    transfer.legal_reference = legal_reference.strip() if basis.kind == "legal-basis" else ""
    transfer.save(
        update_fields=[
            "status",
            "approved_by",
            "approved_on",
            "basis_kind",
            "consent",
            "legal_reference",
        ]
    )
    _audit(ReferralEvent.TRANSFER_APPROVED, transfer, acting_user, basis=basis.kind)
    notify_transfer(transfer, agency_id=transfer.to_agency_id, event="transfer-approved")
    return transfer


@action
def do_accept_transfer(*, transfer, acting_user, assigned_to=None) -> Transfer:
    """The receiving supervisor takes the case: it and its people now belong to their agency."""
    transfer = q.lock_transfer(q.incoming_transfers(acting_user), transfer)
    _require_status(transfer, TransferStatus.APPROVED)
    if transfer.basis_kind == "consent":
        from rihai.cases.queries import consents_in_force

        if not consents_in_force(transfer.person).filter(pk=transfer.consent_id).exists():
            raise ValidationError(
                _(
                    "The person's consent was revoked since the transfer was approved: the case "
                    "stays with the sending agency. Ask them to record new consent or a legal basis."
                )
            )
    assigned_to = assigned_to or acting_user
    if assigned_to.agency_id != acting_user.agency_id or not assigned_to.can("case", "change"):
        raise ValidationError(
            {"assigned_to": _("Assign the case to a case worker of your agency.")}
        )
    if not acting_user.can("case", "approve"):  # defensive: incoming_transfers already asked
        raise PermissionDenied
    hand_over_case(
        case=transfer.case,
        to_agency=transfer.to_agency,
        assigned_to=assigned_to,
        acting_user=acting_user,
        because={"transfer": transfer.pk},
    )
    transfer.status, transfer.decided_by, transfer.decided_on = (
        TransferStatus.ACCEPTED,
        acting_user,
        timezone.now(),
    )
    transfer.save(update_fields=["status", "decided_by", "decided_on"])
    _audit(ReferralEvent.TRANSFER_ACCEPTED, transfer, acting_user, assigned_to=assigned_to.pk)
    notify_transfer(transfer, agency_id=transfer.from_agency_id, event="transfer-accepted")
    return transfer


@action
def do_decline_transfer(*, transfer, acting_user, note: str) -> Transfer:
    """The receiving supervisor will not take the case; it stays where it is."""
    transfer = q.lock_transfer(q.incoming_transfers(acting_user), transfer)
    _require_status(transfer, TransferStatus.APPROVED)
    if not note.strip():
        raise ValidationError({"note": _("Say why your agency cannot take the case.")})
    transfer.status, transfer.decided_by, transfer.decided_on = (
        TransferStatus.DECLINED,
        acting_user,
        timezone.now(),
    )
    transfer.note = note.strip()
    transfer.save(update_fields=["status", "decided_by", "decided_on", "note"])
    _audit(ReferralEvent.TRANSFER_DECLINED, transfer, acting_user)
    notify_transfer(transfer, agency_id=transfer.from_agency_id, event="transfer-declined")
    return transfer


@action
def do_cancel_transfer(*, transfer, acting_user, note: str = "") -> Transfer:
    """The sending agency calls the transfer off before the receiving agency took the case."""
    transfer = q.lock_transfer(q.sent_transfers(acting_user, "change"), transfer)
    _require_status(transfer, *OPEN_TRANSFER)
    transfer.status, transfer.note = TransferStatus.CANCELLED, note.strip()
    transfer.save(update_fields=["status", "note"])
    _audit(ReferralEvent.TRANSFER_CANCELLED, transfer, acting_user)
    if transfer.approved_on:
        notify_transfer(transfer, agency_id=transfer.to_agency_id, event="transfer-cancelled")
    return transfer
