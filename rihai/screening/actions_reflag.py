"""Re-flagging stored ads when the OEP registry changes (one action, run in the background).

Registry flags are set at ingestion against the registry as it then was. When an import
adds a licence or changes one's status, validity or phones, the ads citing it are checked
again: an ad citing a licence cancelled since gets ``licence-cancelled``, one citing a
licence the Bureau has just registered loses ``licence-unknown``. Only those ads are read:
the plain ``licences`` column finds them without decrypting the rest of the store.
"""

import json

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound, require
from rihai.accounts.models import AgencyType
from rihai.audit.actions import record_audit
from rihai.core.actions import action

from . import queries
from .ingest import phones_of, registry_flags
from .models import Ad, Promoter, RegistryImport
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
