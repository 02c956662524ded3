"""Reading ads, batches, leads and the OEP registry: every read starts here (fail-closed)."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from rihai.accounts.access import RecordNotFound, scoped

from .models import Ad, AdBatch, AdDecision, Lead, Network, Promoter, RegistryImport
from .registry_file import canonical_licence, name_key
from .resources import Resource

# What a review-queue row shows: no encrypted column but the text, decrypted per row shown.
QUEUE_FIELDS = (
    "id",
    "text",
    "source",
    "captured_on",
    "created_on",
    "language",
    "score",
    "band",
    "flag_codes",
    "app_flags",
    "destinations",
    "licences",
    "network",
    "review_status",
)


# ---------------------------------------------------------------- ads and batches


def visible_ads(user, action: str = "view") -> QuerySet:
    """Ads the user may see. Ads belong to no agency (one ad, however many uploaded it), so
    only a grant at scope ALL reaches them; an agency-scoped grant sees its own batches' ads."""
    return scoped(Ad.objects.all(), user, Resource.AD, action, agency_field="batch__agency")


def access_ad(user, ad_id, action: str = "view") -> Ad:
    try:
        return visible_ads(user, action).get(pk=ad_id)
    except (Ad.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


def visible_batches(user, action: str = "view") -> QuerySet:
    """Batches of the user's agency (uploading is an agency's work, whatever the ad scope)."""
    if user is None or not user.is_authenticated or not user.agency_id:
        return AdBatch.objects.none()
    if not user.can(Resource.AD, action):
        return AdBatch.objects.none()
    return AdBatch.objects.filter(agency_id=user.agency_id).defer("payload")


def access_batch(user, batch_id, action: str = "view") -> AdBatch:
    try:
        return visible_batches(user, action).get(pk=batch_id)
    except (AdBatch.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def review_queue(user, *, filters: dict | None = None) -> QuerySet:
    """Ads by risk, highest first, filtered; only the columns a row shows."""
    filters = filters or {}
    qs = visible_ads(user)
    if filters.get("language"):
        qs = qs.filter(language=filters["language"])
    if filters.get("source"):
        qs = qs.filter(source=filters["source"])
    if filters.get("band"):
        qs = qs.filter(band=filters["band"])
    if filters.get("destination"):
        qs = qs.filter(destinations__contains=f"|{filters['destination'].upper()}|")
    if filters.get("flag"):
        flag = filters["flag"]
        qs = qs.filter(Q(flag_codes__contains=f"|{flag}|") | Q(app_flags__contains=f"|{flag}|"))
    if filters.get("status"):
        qs = qs.filter(review_status=filters["status"])
    if filters.get("network"):
        qs = qs.filter(network=filters["network"])
    if filters.get("date_from"):
        qs = qs.filter(created_on__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        qs = qs.filter(created_on__lt=_day_start(filters["date_to"] + timedelta(days=1)))
    return qs.only(*QUEUE_FIELDS).order_by("-score", "-id")


def ad_decisions(ad: Ad) -> QuerySet:
    return AdDecision.objects.filter(ad=ad).select_related("decided_by", "agency")


def labelled_decisions(user) -> QuerySet:
    """Decisions of the user's agency, for the retraining export (needs ad export)."""
    if not user.is_authenticated or not user.agency_id or not user.can(Resource.AD, "export"):
        return AdDecision.objects.none()
    return (
        AdDecision.objects.filter(agency_id=user.agency_id, ad__in=visible_ads(user))
        .select_related("ad")
        .order_by("id")
    )


# ---------------------------------------------------------------- networks


def visible_networks(user) -> QuerySet:
    """A network spans every agency's ads: only a national (ALL) ad grant sees networks."""
    from rihai.accounts.permissions import Scope

    if user is None or not user.is_authenticated or not user.is_active:
        return Network.objects.none()
    if user.scope_for(Resource.AD, "view") != Scope.ALL:
        return Network.objects.none()
    return Network.objects.all()


def access_network(user, network_id) -> Network:
    try:
        return visible_networks(user).get(pk=network_id)
    except (Network.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


def network_contacts(ads) -> list[tuple[str, int]]:
    """Contacts that two or more of ``ads`` give, with how many give each (decrypts them:
    the caller audits the view)."""
    import json
    from collections import Counter

    counts: Counter = Counter()
    for ad in ads:
        entities = json.loads(ad.entities or "{}")
        keys = set(entities.get("contacts") or [])
        keys.update(f"phone:{p}" for p in entities.get("phones", []))
        counts.update(k for k in keys if not k.startswith("domain:"))
    return sorted(((k, n) for k, n in counts.items() if n > 1), key=lambda kn: (-kn[1], kn[0]))


# ---------------------------------------------------------------- leads


def visible_leads(user, action: str = "view") -> QuerySet:
    """Leads raised by the user's agency, and leads sent to it once approved (and after it
    took them into an investigation)."""
    raised = scoped(Lead.objects.all(), user, Resource.LEAD, action)
    if action != "view" or not user.is_authenticated or not user.can(Resource.LEAD, "view"):
        return raised
    received = Lead.objects.filter(
        target_agency_id=user.agency_id, status__in=(Lead.Status.SENT, Lead.Status.ATTACHED)
    )
    return Lead.objects.filter(Q(pk__in=raised.values("pk")) | Q(pk__in=received.values("pk")))


def access_lead(user, lead_id, action: str = "view") -> Lead:
    try:
        return (
            visible_leads(user, action)
            .select_related("ad", "agency", "target_agency", "raised_by")
            .get(pk=lead_id)
        )
    except (Lead.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


# ---------------------------------------------------------------- registry


def visible_imports(user, action: str = "view") -> QuerySet:
    return scoped(RegistryImport.objects.all(), user, Resource.REGISTRY, action)


def access_import(user, import_id, action: str = "change") -> RegistryImport:
    try:
        return visible_imports(user, action).get(pk=import_id)
    except (RegistryImport.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


def registry_list(*, search: str = "") -> QuerySet:
    """The public registry (no one's personal data: the Bureau publishes it)."""
    qs = Promoter.objects.all()
    search = (search or "").strip()[:120]
    if not search:
        return qs
    licence = canonical_licence(search)
    if licence:
        return qs.filter(licence=licence)
    key = name_key(search)
    return qs.filter(name_key=key) if key else qs.none()


@dataclass
class Verification:
    """What the public portal says about a recruiter: a status and the promoters it rests on.

    ``status`` is valid, expired, cancelled, suspended or unknown — or ambiguous when a name
    matches several promoters whose statuses differ (the portal then asks for the licence).
    """

    status: str
    promoters: list[Promoter] = field(default_factory=list)


def verify_recruiter(licence_or_name: str, *, on=None) -> Verification:
    """Is this recruiter licensed? By licence number (exact) or by name (Urdu or Roman)."""
    day = on or timezone.localdate()
    found = list(registry_list(search=licence_or_name)[:20]) if licence_or_name.strip() else []
    if not found:
        return Verification("unknown")
    statuses = {p.status_on(day) for p in found}
    return Verification(statuses.pop() if len(statuses) == 1 else "ambiguous", found)


def work_items(user) -> list:
    """Home-page counts: high-risk ads not yet reviewed, leads awaiting a supervisor."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from rihai.core.plugins import WorkItem

    items = []
    if user.can(Resource.AD, "change"):
        count = visible_ads(user).filter(band="high", review_status="new").count()
        url = reverse("screening:queue")
        items.append(
            WorkItem(
                "ads-to-review", _("high-risk ads to review"), count, f"{url}?band=high&status=new"
            )
        )
    if user.can(Resource.LEAD, "approve"):
        count = visible_leads(user, "approve").filter(status=Lead.Status.PROPOSED).count()
        items.append(
            WorkItem(
                "leads-to-approve",
                _("leads awaiting your approval"),
                count,
                reverse("screening:leads"),
                urgent=True,
            )
        )
    return items
