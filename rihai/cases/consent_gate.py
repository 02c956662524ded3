"""The consent gate: every path by which a survivor's personal data leaves its agency passes here.

Interim version written on the referrals branch so that referrals can be built and tested; the
cases engineer owns this file and their version replaces this one at merge. Keep to the shared
interface: ``require_disclosure_basis(...) -> DisclosureBasis`` or ``DisclosureRefused``.

Valid means one of
- recorded, unexpired, unrevoked consent of that person for exactly that recipient and purpose;
- a legal basis (e.g. a court order) with its reference;
- an override by a user holding (case, approve) in the case's agency, with a reason.
The caller runs this inside its own atomic action; the audit row of the disclosure is written
here (kind, recipient id, purpose; never personal data).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent

from .choices import ConsentPurpose
from .resources import Resource


class LegalBasis(models.TextChoices):
    """Grounds to share without the person's consent; each needs a reference (order number...)."""

    COURT_ORDER = "court-order", _("Court order")
    STATUTORY_DUTY = "statutory-duty", _("Statutory duty (e.g. child protection law)")
    VITAL_INTEREST = "vital-interest", _("Danger to life (vital interest)")


class DisclosureRefused(ValidationError):
    """No consent, legal basis or supervisor's override covers this disclosure."""


@dataclass(frozen=True)
class DisclosureBasis:
    kind: str  # "consent" | "legal-basis" | "override"
    consent_id: int | None = None
    legal_basis: str = ""
    legal_reference: str = ""
    override_reason: str = ""


def require_disclosure_basis(
    *,
    case,
    person,
    recipient,
    purpose: str,
    acting_user,
    legal_basis: str = "",
    legal_reference: str = "",
    override_reason: str = "",
) -> DisclosureBasis:
    """The basis on which ``person``'s data from ``case`` may go to ``recipient`` for ``purpose``.

    Raises ``DisclosureRefused`` saying what to do instead. Must run inside the caller's atomic
    action: the disclosure's audit row is written here, and rolls back with the caller.
    """
    from .models import CaseMember
    from .queries import consents_in_force

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("require_disclosure_basis must run inside the caller's transaction")
    if purpose not in ConsentPurpose.values:
        raise DisclosureRefused({"purpose": _("Unknown purpose of disclosure.")})
    if not CaseMember.objects.filter(case=case, person=person).exists():
        raise DisclosureRefused({"person": _("This person is not in the case.")})

    basis = None
    if recipient is not None:
        consent = (
            consents_in_force(person)
            .filter(recipient=recipient, purpose=purpose)
            .order_by("-given_on")
            .first()
        )
        if consent is not None:
            basis = DisclosureBasis(kind="consent", consent_id=consent.pk)
    if basis is None and legal_basis:
        if legal_basis not in LegalBasis.values:
            raise DisclosureRefused({"legal_basis": _("Unknown legal basis.")})
        if not legal_reference.strip():
            raise DisclosureRefused(
                {
                    "legal_reference": _(
                        "Give the reference of the legal basis (e.g. the court order's number)."
                    )
                }
            )
        basis = DisclosureBasis(
            kind="legal-basis", legal_basis=legal_basis, legal_reference=legal_reference.strip()
        )
    if basis is None and override_reason.strip():
        is_supervisor = acting_user.agency_id == case.agency_id and acting_user.can(
            Resource.CASE, "approve"
        )
        if not is_supervisor:
            raise DisclosureRefused(
                {
                    "override_reason": _(
                        "Only a supervisor of the case's agency may share without consent."
                    )
                }
            )
        basis = DisclosureBasis(kind="override", override_reason=override_reason.strip())
    if basis is None:
        raise DisclosureRefused(
            _(
                "The person has not consented to share their data with this recipient for this "
                "purpose. Record their consent first, or give a legal basis with its reference, "
                "or ask a supervisor to override with a reason."
            ),
            code="no-disclosure-basis",
        )
    record_audit(
        event=AuditEvent.RECORD_EXPORTED,
        acting_user=acting_user,
        obj=case,
        extra={
            "disclosure": basis.kind,
            "person": person.pk,
            "recipient": recipient.pk if recipient is not None else None,
            "purpose": purpose,
            "consent": basis.consent_id,
            "legal_basis": basis.legal_basis or None,
        },
    )
    return basis
