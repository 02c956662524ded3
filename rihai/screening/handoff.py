"""The screening side of a lead's hand-off to the justice app.

The hand-off is one action, ``rihai.justice.actions.leads.do_open_inquiry_from_lead``: it is
the justice app's write (an inquiry and its evidence), and the lead's side of it happens in
the same transaction through the two functions here, which that action calls. They are not
actions themselves (an action is durable and cannot run inside another one); each refuses
to run outside a transaction, so it can only be a step of the justice action.
"""

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from rihai.accounts.access import RecordNotFound
from rihai.audit.actions import record_audit

from .models import Lead
from .resources import Event, Resource


def _in_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a lead's hand-off runs inside the justice action's transaction")


def lead_to_take(user, lead_id) -> Lead:
    """The lead, locked, if ``user``'s agency is its target and it is sent and not yet taken.

    Anything else (another agency's lead, one still awaiting approval, one already taken)
    is the same RecordNotFound: a lead not sent to you is not yours to see.
    """
    _in_transaction()
    if not user.is_authenticated or not user.agency_id or not user.can(Resource.LEAD, "view"):
        raise RecordNotFound
    lead = (
        Lead.objects.select_for_update()
        .select_related("ad")
        .filter(pk=getattr(lead_id, "pk", lead_id), target_agency_id=user.agency_id)
        .filter(status=Lead.Status.SENT)
        .first()
    )
    if lead is None:
        raise RecordNotFound
    return lead


def evidence_of(lead: Lead) -> dict:
    """The ad as it was captured: text, URL, source, capture time and a SHA-256 a court can
    recompute. The hash covers the canonical JSON of exactly these fields (sorted keys,
    UTF-8, no spaces), printed with them in the evidence description."""
    ad = lead.ad
    fields = {
        "text": ad.text,
        "url": ad.url or "",
        "source": ad.source or "",
        "captured_on": ad.captured_on.isoformat() if ad.captured_on else "",
        "stored_on": ad.created_on.isoformat(),
    }
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return {
        **fields,
        "ad_id": ad.pk,
        "lead_id": lead.pk,
        "sha256": hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        "canonical": canonical,
    }


def mark_attached(*, lead: Lead, investigation, acting_user, opened: bool) -> Lead:
    """Records on the lead which investigation holds it now, with the screening audit row."""
    _in_transaction()
    lead.status = Lead.Status.ATTACHED
    lead.investigation = investigation
    lead.attached_by, lead.attached_on = acting_user, timezone.now()
    lead.save(update_fields=["status", "investigation", "attached_by", "attached_on"])
    record_audit(
        event=Event.LEAD_ATTACHED,
        acting_user=acting_user,
        obj=lead,
        extra={"investigation": investigation.pk, "opened": opened, "ad": lead.ad_id},
    )
    return lead
