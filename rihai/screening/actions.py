"""Every change in ad screening: one public ``do_*`` action each (see ``rihai.core.actions``).

Each action re-checks the acting user's scope on the record it changes (under
``select_for_update``), validates before writing anything, and writes its audit row in the
same transaction. Audit rows carry ids, codes and counts only.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound, require
from rihai.accounts.models import Agency, AgencyType
from rihai.audit.actions import record_audit
from rihai.audit.journal import record_read
from rihai.audit.models import AuditEvent
from rihai.core.actions import action

from . import network_links, queries
from .actions_batches import (  # noqa: F401  (registered; callers use actions.do_*)
    do_cancel_ad_batch,
    do_score_ad_chunk,
    do_split_ad_batch,
    do_upload_ad_batch,
)
from .actions_models import do_switch_model, do_train_model  # noqa: F401  (registered)
from .actions_reflag import do_reflag_ads  # noqa: F401  (registered with the others)
from .models import (
    Ad,
    AdDecision,
    Lead,
    Network,
    NetworkState,
    Promoter,
    RegistryImport,
)
from .models.ads import ReviewStatus
from .registry_file import RegistryFileError, diff, name_key, promoter_fields, read_registry_csv
from .resources import Event, Resource
from .signals import registry_applied

MAX_NOTE = 2000
# Leads go to those who act on them: FIA circles (trafficking, smuggling) and the Bureau
# (unlicensed recruitment, licence fraud).
LEAD_TARGET_TYPES = (AgencyType.FIA_AHTC, AgencyType.BEOE)


# ---------------------------------------------------------------- the OEP registry


def _require_bureau(user) -> None:
    """The registry is the Bureau's: a (registry, change) grant is not enough on its own."""
    if user.agency is None or user.agency.agency_type != AgencyType.BEOE:
        raise ValidationError(_("Only the Bureau of Emigration keeps the OEP registry."))


def _current_registry(licences) -> dict[str, dict]:
    return {
        p.licence: promoter_fields(p) for p in Promoter.objects.filter(licence__in=list(licences))
    }


@action
def do_preview_registry_import(
    *, acting_user, content: bytes, file_name: str = ""
) -> RegistryImport:
    """Reads an OEP list and stores what applying it would change; changes nothing else."""
    require(acting_user, Resource.REGISTRY, "change")
    _require_bureau(acting_user)
    try:
        rows, problems = read_registry_csv(content)
    except RegistryFileError as exc:
        raise ValidationError(str(exc)) from None
    report = {**diff(rows, _current_registry(rows)), **problems}
    registry_import = RegistryImport.objects.create(
        agency=acting_user.agency,
        uploaded_by=acting_user,
        file_name=file_name[:200],
        rows=rows,
        report=report,
    )
    record_audit(
        event=Event.REGISTRY_PREVIEWED,
        acting_user=acting_user,
        obj=registry_import,
        extra=_report_counts(report),
    )
    return registry_import


def _report_counts(report: dict) -> dict:
    return {
        key: len(report.get(key, []))
        for key in ("new", "changed", "unchanged", "conflicting", "errors")
    }


@action
def do_apply_registry_import(*, registry_import: RegistryImport, acting_user) -> RegistryImport:
    """Applies a previewed import exactly as previewed; refuses if the registry has changed
    since (someone else applied an import in between): preview again."""
    locked = (
        queries.visible_imports(acting_user, "change")
        .select_for_update()
        .filter(pk=registry_import.pk)
        .first()
    )
    if locked is None:
        raise RecordNotFound
    _require_bureau(acting_user)
    if locked.status != RegistryImport.Status.PREVIEWED:
        raise ValidationError(_("This import was already applied."))
    # The registry rows this import touches, locked, then compared with what was previewed.
    current = {
        p.licence: p
        for p in Promoter.objects.select_for_update().filter(licence__in=list(locked.rows))
    }
    now_diff = diff(locked.rows, {k: promoter_fields(p) for k, p in current.items()})
    shown = {k: locked.report.get(k) for k in ("new", "changed", "unchanged")}
    if now_diff != shown:
        raise ValidationError(
            _("The registry has changed since this preview. Upload the file again to preview it.")
        )
    now = timezone.now()
    changed = {c["licence"] for c in now_diff["changed"]}
    for licence, fields in locked.rows.items():
        values = {
            "licence_as_written": fields["licence_as_written"],
            "name": fields["name"],
            "name_key": name_key(fields["name"]),
            "city": fields["city"],
            "status": fields["status"],
            "valid_from": fields["valid_from"],
            "valid_until": fields["valid_until"],
            "phones": fields["phones"],
            "addresses": fields["addresses"],
            "updated_on": now,
            "updated_by": acting_user,
        }
        if licence in current:
            if licence in changed:
                Promoter.objects.filter(pk=current[licence].pk).update(**values)
        else:
            Promoter.objects.create(licence=licence, **values)
    locked.status, locked.applied_by, locked.applied_on = (
        RegistryImport.Status.APPLIED,
        acting_user,
        now,
    )
    locked.save(update_fields=["status", "applied_by", "applied_on"])
    record_audit(
        event=Event.REGISTRY_APPLIED,
        acting_user=acting_user,
        obj=locked,
        extra=_report_counts(locked.report),
    )
    # Ads citing a licence this import added or changed are re-flagged in the background.
    transaction.on_commit(lambda: registry_applied.send(sender=RegistryImport, import_id=locked.pk))
    return locked


# ---------------------------------------------------------------- networks


@action
def do_update_networks(*, acting_user, wait: bool = True) -> dict:
    """Joins the ads not linked yet to the stored networks (``network_links``): reads only the
    stored ads that share an LSH band or a contact with them, never clusters the whole store.

    Networks span every agency's ads, so it needs (ad, change) at scope ALL. Runs while a
    batch is scored and after it; a run with nothing new changes nothing. ``wait=False``:
    when another update is running, return at once (``skipped``) instead of queueing behind
    it; the update after a batch's last chunk waits, so that no ad is left unlinked.
    """
    from rihai.accounts.permissions import Scope

    if require(acting_user, Resource.AD, "change") != Scope.ALL:
        raise RecordNotFound
    # One update at a time: each renumbers groups another would read.
    NetworkState.objects.get_or_create(pk=1)
    state = NetworkState.objects.select_for_update(skip_locked=not wait).filter(pk=1).first()
    if state is None:  # another update holds it, and the caller would rather not wait
        counts = {"ads_linked": 0, "networks_touched": 0, "removed": 0, "skipped": True}
        record_audit(
            event=Event.NETWORKS_UPDATED,
            acting_user=acting_user,
            object_type="screening.network",
            extra=counts,
        )
        return counts
    now = timezone.now()
    counts = network_links.link_new_ads(now=now)
    state.ads_linked += counts["ads_linked"]
    state.updated_on = now
    state.save(update_fields=["ads_linked", "updated_on"])
    counts["networks"] = Network.objects.count()
    record_audit(
        event=Event.NETWORKS_UPDATED,
        acting_user=acting_user,
        object_type="screening.network",
        extra=counts,
    )
    return counts


# ---------------------------------------------------------------- review decisions and leads


def lead_targets():
    return Agency.objects.active().filter(agency_type__in=LEAD_TARGET_TYPES)


@action
def do_decide_ad(
    *,
    ad: Ad,
    decision: str,
    acting_user,
    note: str = "",
    target_agency: Agency | None = None,
) -> AdDecision:
    """Dismiss, watch, or raise a lead to an FIA circle or the Bureau (a lead needs both a
    target and a note, and the (lead, create) grant)."""
    locked = queries.visible_ads(acting_user, "change").select_for_update().filter(pk=ad.pk).first()
    if locked is None:
        raise RecordNotFound
    if decision not in (ReviewStatus.DISMISSED, ReviewStatus.WATCHED, ReviewStatus.LEAD):
        raise ValidationError({"decision": _("Choose dismiss, watch or raise a lead.")})
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("The note is too long (2,000 characters at most).")})
    if decision == ReviewStatus.LEAD:
        require(acting_user, Resource.LEAD, "create")
        if target_agency is None or not lead_targets().filter(pk=target_agency.pk).exists():
            raise ValidationError(
                {"target_agency": _("Send a lead to an FIA circle or the Bureau of Emigration.")}
            )
        if not note:
            raise ValidationError({"note": _("Say in a note what the lead is about.")})
    made = AdDecision.objects.create(
        ad=locked,
        decision=decision,
        note=note,
        agency_id=acting_user.agency_id,
        decided_by=acting_user,
    )
    locked.review_status = decision
    locked.save(update_fields=["review_status"])
    extra = {"decision": decision}
    if decision == ReviewStatus.LEAD:
        lead = Lead.objects.create(
            ad=locked,
            decision=made,
            agency_id=acting_user.agency_id,
            target_agency=target_agency,
            note=note,
            raised_by=acting_user,
        )
        extra.update(lead=lead.pk, target_agency=target_agency.pk)
    record_audit(event=Event.AD_DECIDED, acting_user=acting_user, obj=locked, extra=extra)
    return made


@action
def do_decide_lead(*, lead: Lead, approve: bool, acting_user) -> Lead:
    """A supervisor of the raising agency sends the lead on, or refuses it."""
    locked = (
        queries.visible_leads(acting_user, "approve").select_for_update().filter(pk=lead.pk).first()
    )
    if locked is None:
        raise RecordNotFound
    if locked.status != Lead.Status.PROPOSED:
        raise ValidationError(_("This lead has already been decided."))
    locked.status = Lead.Status.SENT if approve else Lead.Status.REFUSED
    locked.decided_by, locked.decided_on = acting_user, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_on"])
    # A sent lead reaches the target agency's lead list; its investigator opens an inquiry
    # from it or attaches it to an investigation (rihai.justice.actions.leads). Not here: the
    # approving supervisor belongs to the raising agency and may not write the target's
    # investigations.
    record_audit(
        event=Event.LEAD_DECIDED,
        acting_user=acting_user,
        obj=locked,
        extra={"status": locked.status, "target_agency": locked.target_agency_id},
    )
    return locked


# ---------------------------------------------------------------- views of personal data


def log_ads_viewed(user, *, ad: Ad | None = None, listed_ids: list[int] | None = None) -> None:
    """Ads carry suspects' contact details: each detail and each page of a list is audited."""
    if ad is not None:
        record_read(event=AuditEvent.RECORD_VIEWED, acting_user=user, obj=ad)
    else:
        record_read(
            event=AuditEvent.RECORD_LISTED,
            acting_user=user,
            object_type="screening.ad",
            extra={"ids": (listed_ids or [])[:100], "count": len(listed_ids or [])},
        )


def log_suspects_shown(user, suspect_ids: list[int]) -> None:
    """A network drawing names suspects of the viewer's own investigations: audited."""
    record_audit(
        event=AuditEvent.RECORD_LISTED,
        acting_user=user,
        object_type="justice.suspect",
        extra={"ids": suspect_ids[:100], "count": len(suspect_ids), "via": "ad-network"},
    )


def log_ads_exported(user, *, count: int) -> None:
    record_audit(
        event=AuditEvent.RECORD_EXPORTED,
        acting_user=user,
        object_type="screening.ad",
        extra={"count": count, "format": "jsonl"},
    )
