"""Evidence items and their chain of custody."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound
from rihai.accounts.models import User
from rihai.audit.actions import record_audit
from rihai.core.actions import action

from .. import queries
from ..choices import (
    EvidenceKind,
)
from ..models import (
    CustodyEntry,
    EvidenceItem,
    Investigation,
)
from ._common import _check_date


@action
def do_add_evidence(
    *,
    investigation: Investigation,
    kind: str,
    description: str,
    collected_on,
    acting_user: User,
    sha256: str = "",
) -> EvidenceItem:
    """An item and its first custody entry (the collecting officer), together."""
    investigation = queries.access_investigation(
        acting_user, investigation.pk, "change", for_update=True
    )
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Unknown kind of evidence.")})
    sha256 = (sha256 or "").strip().lower()
    if kind == EvidenceKind.DIGITAL and not sha256:
        raise ValidationError({"sha256": _("Digital evidence needs the SHA-256 of its content.")})
    _check_date(
        collected_on,
        field="collected_on",
        not_before=investigation.complaint_date,
        too_early=_("This date is before the complaint was received (%(day)s).")
        % {"day": investigation.complaint_date.isoformat()},
    )
    item = EvidenceItem(
        investigation=investigation,
        kind=kind,
        description=(description or "").strip(),
        sha256=sha256,
        collected_on=collected_on,
        created_by=acting_user,
    )
    item.full_clean()
    item.save()
    CustodyEntry.objects.create(
        evidence=item,
        holder=acting_user,
        received_on=timezone.now(),
        purpose="collected",
        recorded_by=acting_user,
    )
    record_audit(event="evidence-added", acting_user=acting_user, obj=item, extra={"kind": kind})
    return item


@action
def do_record_custody(
    *,
    evidence: EvidenceItem,
    acting_user: User,
    received_on,
    holder: User | None = None,
    holder_outside: str = "",
    purpose: str = "",
) -> CustodyEntry:
    """Appends a hand-over; entries are never edited, so the chain reads in order of time."""
    evidence = queries.access_evidence(acting_user, evidence.pk, "change", for_update=True)
    if (holder is None) == (not (holder_outside or "").strip()):
        raise ValidationError(
            {"holder": _("Name exactly one holder: a Rihai user or an outside holder.")}
        )
    if holder is not None and holder.agency_id != evidence.investigation.agency_id:
        raise RecordNotFound
    if received_on is None or received_on > timezone.now():
        raise ValidationError({"received_on": _("This date is in the future.")})
    last = CustodyEntry.objects.filter(evidence=evidence).order_by("-received_on").first()
    if last and received_on < last.received_on:
        raise ValidationError(
            {"received_on": _("A hand-over cannot be before the last one in the chain.")}
        )
    entry = CustodyEntry(
        evidence=evidence,
        holder=holder,
        holder_outside=(holder_outside or "").strip(),
        received_on=received_on,
        purpose=(purpose or "").strip()[:120],
        recorded_by=acting_user,
    )
    entry.full_clean()
    entry.save()
    record_audit(
        event="custody-recorded", acting_user=acting_user, obj=evidence, extra={"entry": entry.pk}
    )
    return entry
