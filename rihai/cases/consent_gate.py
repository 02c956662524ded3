"""The one gate every disclosure of a survivor's data passes: consent, a legal basis, or a
supervisor's override — checked, registered and audited inside the caller's action.

    basis = require_disclosure_basis(
        case=case, person=person, recipient=agency, purpose="shelter", acting_user=user,
        legal_basis="", legal_reference="", override_reason="",
    )

Valid means, in this order:
1. consent: recorded, unexpired, unrevoked consent of that person for exactly that recipient
   and that purpose (consent to a shelter is not consent to the police);
2. a legal basis (``LegalBasis``) with its reference (an order's number);
3. an override by a user holding (case, approve) in the case's own agency, with a reason.
A file export has no recipient (``recipient=None``): consent cannot name it, so it needs a
legal basis or an override, except for purpose ``research``, which carries no personal data
at all (``PURPOSE_FIELDS``) and is registered as ``anonymised``.

Anything else raises ``DisclosureRefused`` (a ValidationError), whose message says what to do
instead. Each disclosure is a ``Disclosure`` row (reference and reason encrypted) and an audit
row with codes only.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rihai.audit.actions import record_audit

from .choices import ConsentPurpose
from .models import CaseMember, Consent, Disclosure
from .resources import Resource

P = ConsentPurpose

# What each purpose may carry. Groups name fields of the export (htcds.PURPOSE_GROUPS maps
# them); anything not listed is blanked. Research carries no personal data at all.
ALL_GROUPS = frozenset(
    {"name", "parentage", "birth_date", "identity", "phone", "address", "guardian", "health"}
    | {"family", "narrative", "reference"}
)
PURPOSE_FIELDS: dict[str, frozenset[str]] = {
    # Return and reintegration hands the whole case to the receiving agency.
    P.RETURN: ALL_GROUPS,
    # Investigators need who the person is and how to reach them, not their health.
    P.INVESTIGATION: ALL_GROUPS - {"health"},
    P.LEGAL_AID: frozenset(
        {"name", "parentage", "birth_date", "identity", "phone", "family", "narrative"}
        | {"reference"}
    ),
    # A shelter needs to receive and care for the person, not their identity documents.
    P.SHELTER: frozenset({"name", "birth_date", "phone", "guardian", "health", "family"})
    | {"reference"},
    P.MEDICAL: frozenset({"name", "birth_date", "health", "guardian", "reference"}),
    P.REFERRAL: frozenset({"name", "phone", "reference"}),
    # Statistics: no personal data at all.
    P.RESEARCH: frozenset(),
}


class LegalBasis(models.TextChoices):
    COURT_ORDER = "court-order", gettext_lazy("Court order")
    INVESTIGATION_REQUEST = (
        "investigation-request",
        gettext_lazy("Written request of an investigating officer (PTPA 2018)"),
    )
    DANGER_TO_LIFE = "danger-to-life", gettext_lazy("Danger to life")


class DisclosureRefused(ValidationError):
    """No consent, legal basis or override covers this disclosure."""


@dataclass(frozen=True)
class DisclosureBasis:
    kind: str  # "consent" | "legal-basis" | "override" | "anonymised"
    purpose: str
    recipient_id: int | None
    consent_id: int | None = None
    legal_basis: str = ""
    disclosure_id: int | None = None

    @property
    def fields(self) -> frozenset[str]:
        """The field groups this disclosure may carry (``PURPOSE_FIELDS``)."""
        return PURPOSE_FIELDS[self.purpose]


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
    """The basis on which ``person``'s data in ``case`` may go to ``recipient`` for ``purpose``;
    registers and audits it. Call inside the action that discloses (its transaction)."""
    if not _inside_a_transaction():
        raise RuntimeError("require_disclosure_basis must run inside the disclosing action")
    if purpose not in P.values:
        raise DisclosureRefused({"purpose": _("Choose the purpose of this disclosure.")})
    if not CaseMember.objects.filter(case=case, person=person).exists():
        raise DisclosureRefused({"person": _("This person is not in the case.")})
    kind, consent = _basis(
        case=case,
        person=person,
        recipient=recipient,
        purpose=purpose,
        acting_user=acting_user,
        legal_basis=legal_basis,
        legal_reference=legal_reference,
        override_reason=override_reason,
    )
    disclosure = Disclosure.objects.create(
        case=case,
        person=person,
        recipient=recipient,
        purpose=purpose,
        kind=kind,
        consent=consent,
        legal_basis=legal_basis if kind == Disclosure.Kind.LEGAL_BASIS else "",
        legal_reference=legal_reference.strip() if kind == Disclosure.Kind.LEGAL_BASIS else "",
        override_reason=override_reason.strip() if kind == Disclosure.Kind.OVERRIDE else "",
        disclosed_by=acting_user,
    )
    record_audit(
        event="data-disclosed",
        acting_user=acting_user,
        obj=case,
        extra={
            "disclosure": disclosure.pk,
            "person": person.pk,
            "kind": kind,
            "recipient": recipient.pk if recipient is not None else None,
            "purpose": purpose,
            "consent": consent.pk if consent else None,
            "legal_basis": disclosure.legal_basis,
        },
    )
    return DisclosureBasis(
        kind=kind,
        purpose=purpose,
        recipient_id=recipient.pk if recipient is not None else None,
        consent_id=consent.pk if consent else None,
        legal_basis=disclosure.legal_basis,
        disclosure_id=disclosure.pk,
    )


def _inside_a_transaction() -> bool:
    # A test's own wrapping transaction does not count: the caller's action must open one.
    blocks = getattr(transaction.get_connection(), "atomic_blocks", [])
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def _basis(
    *,
    case,
    person,
    recipient,
    purpose,
    acting_user,
    legal_basis,
    legal_reference,
    override_reason,
):
    if purpose == P.RESEARCH and recipient is None:
        return Disclosure.Kind.ANONYMISED, None
    if recipient is not None:
        consent = (
            Consent.objects.in_force()
            .filter(person=person, recipient=recipient, purpose=purpose)
            .order_by("-given_on")
            .first()
        )
        if consent is not None:
            return Disclosure.Kind.CONSENT, consent
    if legal_basis:
        if legal_basis not in LegalBasis.values:
            raise DisclosureRefused({"legal_basis": _("Unknown legal basis.")})
        if not legal_reference.strip():
            raise DisclosureRefused(
                {"legal_reference": _("Give the reference of the order or request.")}
            )
        return Disclosure.Kind.LEGAL_BASIS, None
    if override_reason.strip():
        if not _may_override(acting_user, case):
            raise DisclosureRefused(
                {"override_reason": _("Only a supervisor of the case's agency may override.")}
            )
        return Disclosure.Kind.OVERRIDE, None
    raise DisclosureRefused(
        _(
            "This person has not consented to share their data with this recipient for this "
            "purpose. Record their consent, give the legal basis and its reference, or ask a "
            "supervisor to override with a reason."
        )
    )


def _may_override(user, case) -> bool:
    from .queries import visible_cases

    return (
        user.agency_id == case.agency_id
        and user.can(Resource.CASE, "approve")
        and visible_cases(user, "approve").filter(pk=case.pk).exists()
    )
