"""A lead from ad screening becomes an inquiry, or joins an investigation, with its ad as
digital evidence preserved as it was seen.

Kept apart from ``actions.py`` (the justice engineer's module) so the two do not collide;
registered at start-up by ``apps.py``. The screening side (the lead's status and its audit
row) runs in this action's transaction through ``rihai.screening.handoff``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.models import User
from rihai.audit.actions import record_audit
from rihai.core.actions import action
from rihai.screening import handoff

from . import queries
from .actions._common import _next_reference, _officer
from .choices import EvidenceKind, Stage
from .models import CustodyEntry, EvidenceItem, Investigation, StageEvent
from .resources import Resource

# Printed above the preserved ad in the evidence description. English on purpose: the
# description is a record kept for a court, not a page label, and must not change with the
# language of whoever happened to attach it.
DESCRIPTION = (
    "Recruitment ad from Rihai ad screening (ad {ad_id}, lead {lead_id}).\n"
    "Source: {source}\nURL: {url}\nCaptured: {captured_on}\nStored: {stored_on}\n"
    "SHA-256 of the canonical record below: {sha256}\n\n{text}\n\n"
    "Canonical record (the hashed bytes):\n{canonical}"
)


def _open_inquiry(acting_user: User, lead_id: int) -> Investigation:
    """A new investigation at the acting user's agency, in the inquiry stage, today."""
    if not acting_user.can(Resource.INVESTIGATION, "create") or acting_user.agency is None:
        raise PermissionDenied
    agency = acting_user.agency
    today = timezone.localdate()
    investigation = Investigation(
        agency=agency,
        reference=_next_reference(agency),
        complaint_number=f"LEAD-{lead_id}",
        complaint_date=today,
        investigating_officer=_officer(agency, acting_user),
        district=agency.district,
        stage=Stage.INQUIRY,
        stage_since=today,
        created_by=acting_user,
    )
    investigation.full_clean()
    investigation.save()
    StageEvent.objects.bulk_create(
        [
            StageEvent(investigation=investigation, stage=s, on=today, recorded_by=acting_user)
            for s in (Stage.COMPLAINT, Stage.INQUIRY)
        ]
    )
    record_audit(
        event="investigation-opened",
        acting_user=acting_user,
        obj=investigation,
        extra={"from_lead": lead_id},
    )
    return investigation


@action
def do_open_inquiry_from_lead(
    *, lead, acting_user: User, investigation: Investigation | None = None
) -> Investigation:
    """Takes a lead sent to the acting user's agency: opens an inquiry (``investigation``
    None) or attaches to one of the agency's investigations; the ad becomes digital evidence
    with its text, URL, capture time and SHA-256, and the lead records where it went."""
    lead = handoff.lead_to_take(acting_user, lead)
    if investigation is None:
        target, opened = _open_inquiry(acting_user, lead.pk), True
    else:
        target = queries.access_investigation(
            acting_user, investigation.pk, "change", for_update=True
        )
        opened = False
        if target.outcome:
            raise ValidationError(
                {"investigation": _("This investigation is closed; open a new inquiry.")}
            )
    handoff.mark_attached(lead=lead, investigation=target, acting_user=acting_user, opened=opened)
    found = handoff.evidence_of(lead)
    item = EvidenceItem(
        investigation=target,
        kind=EvidenceKind.DIGITAL,
        description=DESCRIPTION.format(**{k: v or "—" for k, v in found.items()}),
        sha256=found["sha256"],
        collected_on=timezone.localdate(),
        created_by=acting_user,
    )
    item.full_clean()
    item.save()
    CustodyEntry.objects.create(
        evidence=item,
        holder=acting_user,
        received_on=timezone.now(),
        purpose="screening lead",
        recorded_by=acting_user,
    )
    record_audit(
        event="evidence-added",
        acting_user=acting_user,
        obj=item,
        extra={"kind": EvidenceKind.DIGITAL, "lead": lead.pk, "ad": lead.ad_id},
    )
    return target
