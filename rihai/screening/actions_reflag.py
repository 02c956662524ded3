"""Re-flagging stored ads when the OEP registry changes, or when a licence expires by date.

Registry flags are set at ingestion against the registry as it then was. When an import
adds a licence or changes one's status, validity or phones, the ads citing it are checked
again: an ad citing a licence cancelled since gets ``licence-cancelled``, one citing a
licence the Bureau has just registered loses ``licence-unknown``. Only those ads are read:
the plain ``licences`` column finds them without decrypting the rest of the store.

A licence also expires with no import at all, when its ``valid_until`` passes. A daily beat
task (``expire_licences``) runs ``do_reflag_expired_licences`` as the system: the ads citing a
licence that expired since the last check get ``licence-expired``. It only adds: a flag set
earlier stays until a registry import (a person's decision, audited as theirs) changes it.
"""

import json

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound, require
from rihai.accounts.models import AgencyType
from rihai.accounts.privileges import refuse_system_actor_on_the_web
from rihai.audit.actions import record_audit
from rihai.core.actions import action

from . import queries
from .ingest import phones_of, registry_flags
from .models import Ad, LicenceExpiryCheck, Promoter, RegistryImport
from .models.registry import PromoterStatus
from .resources import Event, Resource

# A change to one of these fields can change an ad's registry flags.
FLAG_FIELDS = frozenset({"status", "valid_from", "valid_until", "phones"})
PER_QUERY = 200  # licences per OR-query; ads per bulk update


def licences_to_recheck(report: dict) -> list[str]:
    """From an applied import's report: new licences and those whose flag fields changed."""
    changed = [c["licence"] for c in report.get("changed", []) if FLAG_FIELDS & set(c["fields"])]
    return sorted({*report.get("new", []), *changed})


def _ads_citing(licences: list[str]):
    for start in range(0, len(licences), PER_QUERY):
        part = licences[start : start + PER_QUERY]
        condition = Q()
        for licence in part:
            condition |= Q(licences__contains=f"|{licence}|")
        yield from Ad.objects.filter(condition).only("id", "licences", "entities", "app_flags")


@action
def do_reflag_ads(*, registry_import: RegistryImport, acting_user) -> dict:
    """Recomputes the registry flags of the ads that cite a licence this import changed."""
    locked = (
        queries.visible_imports(acting_user, "change")
        .select_for_update()
        .filter(pk=registry_import.pk)
        .first()
    )
    if locked is None:
        raise RecordNotFound
    require(acting_user, Resource.REGISTRY, "change")
    if acting_user.agency is None or acting_user.agency.agency_type != AgencyType.BEOE:
        raise ValidationError(_("Only the Bureau of Emigration keeps the OEP registry."))
    if locked.status != RegistryImport.Status.APPLIED:
        raise ValidationError(_("This import has not been applied yet."))
    licences = licences_to_recheck(locked.report)
    today = timezone.localdate()
    checked, changed = 0, []
    promoters: dict[str, Promoter] = {}
    for ad in _ads_citing(licences):
        checked += 1
        cited = Ad.split(ad.licences)
        missing = [c for c in cited if c not in promoters]
        if missing:
            promoters.update({p.licence: p for p in Promoter.objects.filter(licence__in=missing)})
        entities = json.loads(ad.entities or "{}")
        flags = Ad.codes(registry_flags(cited, phones_of(entities), promoters, today))
        if flags != ad.app_flags:
            ad.app_flags = flags
            changed.append(ad)
    Ad.objects.bulk_update(changed, ["app_flags"], batch_size=PER_QUERY)
    counts = {"licences": len(licences), "ads_checked": checked, "ads_changed": len(changed)}
    record_audit(event=Event.ADS_REFLAGGED, acting_user=acting_user, obj=locked, extra=counts)
    return counts


EXPIRED = "licence-expired"


def licences_expired_between(since, today) -> list[str]:
    """Licences the registry holds as valid whose end date makes them expired on ``today``
    but not yet on ``since`` (the last check's day; None: never checked)."""
    rows = Promoter.objects.filter(status=PromoterStatus.VALID, valid_until__lt=today)
    if since is not None:
        rows = rows.filter(valid_until__gte=since)
    return sorted(rows.values_list("licence", flat=True))


@action
def do_reflag_expired_licences(*, acting_user=None) -> dict:
    """Adds ``licence-expired`` to the ads citing a licence that expired by date since the last
    check. Run daily by the system (beat); never from a web request. Clears nothing."""
    refuse_system_actor_on_the_web(acting_user)
    if acting_user is not None:
        # The system's job: a person changes flags through a registry import, as themselves.
        raise RecordNotFound
    today = timezone.localdate()
    last = (
        LicenceExpiryCheck.objects.filter(checked_day__lt=today)
        .order_by("-checked_day")
        .values_list("checked_day", flat=True)
        .first()
    )
    # The day's row is the lock: a second run the same day (or at the same moment) waits on
    # its unique day, then finds the day already checked and changes nothing.
    check, created = LicenceExpiryCheck.objects.get_or_create(checked_day=today)
    licences = licences_expired_between(last, today) if created else []
    expired = set(licences)
    checked, flagged = 0, []
    for ad in _ads_citing(licences):
        checked += 1
        current = Ad.split(ad.app_flags)
        if expired.intersection(Ad.split(ad.licences)) and EXPIRED not in current:
            ad.app_flags = Ad.codes([*current, EXPIRED])
            flagged.append(ad)
    Ad.objects.bulk_update(flagged, ["app_flags"], batch_size=PER_QUERY)
    counts = {"licences": len(licences), "ads_checked": checked, "ads_flagged": len(flagged)}
    if created:
        check.licences, check.ads_checked, check.ads_flagged = counts.values()
        check.save(update_fields=["licences", "ads_checked", "ads_flagged"])
    record_audit(
        event=Event.LICENCES_EXPIRED,
        acting_user=None,
        obj=check,
        extra={**counts, "day": today.isoformat(), "since": last.isoformat() if last else ""},
    )
    return counts
