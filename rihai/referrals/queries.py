"""Reading the directory, beds and referrals: every read starts here, fail-closed.

A referral has two sides. Its sender (``from_agency``) sees it as part of their case work;
its recipient (``to_agency``) sees only the snapshot chosen at referral time, and nothing at
all while the referral rests on a consent that has since been revoked and it was never
accepted. Which side a user stands on is decided by the access function, not the caller.
"""

from django.db.models import Count, Exists, Q, QuerySet
from django.utils import timezone

from rihai.accounts.access import RecordNotFound, scoped
from rihai.cases.queries import (
    case_district_id,
    consent_in_force_subquery,
    hidden_restricted_cases,
)

from .choices import ReferralStatus
from .eligibility import provider_problems
from .models import BedCapacity, Placement, Provider, Referral
from .resources import Resource

SENDER, RECIPIENT = "sender", "recipient"


# ---------------------------------------------------------------- directory and beds


def visible_providers(user, action: str = "view") -> QuerySet:
    """Providers ``user`` may read (everyone doing casework) or change (their own agency's)."""
    return scoped(Provider.objects.all(), user, Resource.SERVICE, action)


def access_provider(user, provider_id, action: str = "view") -> Provider:
    try:
        return visible_providers(user, action).get(pk=provider_id)
    except (Provider.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


def directory(
    user, *, district=None, need: str = "", text: str = "", province=None, active_only=True
) -> QuerySet:
    """The directory search: by district served and need, and by name in Urdu or English."""
    qs = visible_providers(user).select_related("district", "province", "agency")
    if active_only:
        qs = qs.filter(is_active=True)
    if need:
        qs = qs.filter(services__service_type=need)
    if district is not None:
        qs = qs.filter(districts_served=district)
    if province is not None:
        qs = qs.filter(province=province)
    text = (text or "").strip()[:100]
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(name_ur__icontains=text))
    return qs.prefetch_related("services").order_by("name", "id").distinct()


def beds_of(provider: Provider) -> list[dict]:
    """Each bed type's capacity, occupied beds (open placements) and free beds."""
    occupied = dict(
        Placement.objects.filter(provider=provider, discharged_on__isnull=True)
        .values_list("bed_type")
        .annotate(n=Count("id"))
    )
    return [
        {
            "bed_type": b.bed_type,
            "label": b.get_bed_type_display(),
            "capacity": b.capacity,
            "occupied": occupied.get(b.bed_type, 0),
            "free": max(b.capacity - occupied.get(b.bed_type, 0), 0),
        }
        for b in BedCapacity.objects.filter(provider=provider).order_by("bed_type")
    ]


def occupied_beds(provider: Provider, bed_type: str) -> int:
    return Placement.objects.filter(
        provider=provider, bed_type=bed_type, discharged_on__isnull=True
    ).count()


def open_placement(referral: Referral) -> Placement | None:
    """The bed the person holds under ``referral`` now, if any (not yet discharged)."""
    return Placement.objects.filter(referral=referral, discharged_on__isnull=True).first()


def next_eligible_provider(referral: Referral, *, exclude_ids=()) -> Provider | None:
    """The next provider that meets the same need, serves the case's district and takes this
    person, skipping those that declined or were already asked for this need in this case."""
    asked = Referral.objects.filter(
        case_id=referral.case_id, service_type=referral.service_type
    ).values("provider_id")
    candidates = (
        Provider.objects.filter(is_active=True, services__service_type=referral.service_type)
        .exclude(pk__in=asked)
        .exclude(pk__in=list(exclude_ids))
        .order_by("name", "id")
        .distinct()
    )
    district_id = case_district_id(referral.case_id)
    if district_id:
        candidates = candidates.filter(districts_served=district_id)
    for provider in candidates[:50]:
        if not provider_problems(
            provider,
            sex=referral.person_sex,
            age=referral.person_age,
            nationality=referral.nationality,
            with_children=referral.with_children,
        ):
            return provider
    return None


# ---------------------------------------------------------------- referrals


def sent_referrals(user, action: str = "view") -> QuerySet:
    """Referrals made by the user's agency (own referrals for an own-scope role), except those
    of a restricted case the user may not see."""
    return scoped(
        Referral.objects.all(),
        user,
        Resource.REFERRAL,
        action,
        agency_field="from_agency",
        owner_fields=("referred_by",),
    ).exclude(case__in=hidden_restricted_cases(user))


def incoming_referrals(user, action: str = "view") -> QuerySet:
    """Referrals addressed to the user's agency that it may still read.

    A referral resting on consent that was revoked before the recipient accepted it is gone
    from the recipient's view: the data should never have reached them.
    """
    return scoped(
        Referral.objects.filter(to_agency__isnull=False),
        user,
        Resource.REFERRAL,
        action,
        agency_field="to_agency",
        owner_fields=("handled_by",),
    ).filter(
        ~Q(basis_kind="consent")
        | Q(accepted_on__isnull=False)
        | Q(Exists(consent_in_force_subquery()))
    )


def side_of(user, referral: Referral) -> str:
    return SENDER if referral.from_agency_id == user.agency_id else RECIPIENT


def access_referral(user, referral_id, action: str = "view") -> tuple[Referral, str]:
    """(referral, side) if ``user`` may do ``action`` to it from either side; else RecordNotFound."""
    for side, qs in ((SENDER, sent_referrals), (RECIPIENT, incoming_referrals)):
        try:
            referral = (
                qs(user, action)
                .select_related("provider", "from_agency", "to_agency", "suggested_provider")
                .get(pk=referral_id)
            )
        except (Referral.DoesNotExist, ValueError, TypeError):
            continue
        return referral, side
    raise RecordNotFound


def lock_referral(user, referral: Referral, action: str = "change") -> tuple[Referral, str]:
    """The referral's row locked for an action, re-checked in ``user``'s scope from either side."""
    for side, qs in ((SENDER, sent_referrals), (RECIPIENT, incoming_referrals)):
        found = qs(user, action).select_for_update(of=("self",)).filter(pk=referral.pk).first()
        if found is not None:
            return found, side
    raise RecordNotFound


def referral_list(user, *, box: str = "incoming", filters: dict | None = None) -> QuerySet:
    """One box of referrals (incoming or sent), newest first, with what a row shows."""
    filters = filters or {}
    qs = incoming_referrals(user) if box == "incoming" else sent_referrals(user)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("service_type"):
        qs = qs.filter(service_type=filters["service_type"])
    if filters.get("overdue"):
        qs = qs.filter(status=ReferralStatus.REQUESTED, due_by__lt=timezone.now())
    return qs.select_related("provider", "from_agency", "to_agency").order_by(
        "-requested_on", "-id"
    )


def referrals_of_case(user, case) -> QuerySet:
    """The sender's referrals for one case (the case page lists them)."""
    return sent_referrals(user).filter(case=case).select_related("provider").order_by("-id")


def overdue(user) -> dict:
    """For a supervisor: referrals past their answer deadline, sent and incoming."""
    now = timezone.now()
    late = Q(status=ReferralStatus.REQUESTED, due_by__lt=now)
    related = ("provider", "from_agency", "to_agency")
    return {
        "sent": sent_referrals(user).filter(late).select_related(*related).order_by("due_by"),
        "incoming": incoming_referrals(user)
        .filter(late)
        .select_related(*related)
        .order_by("due_by"),
    }


def work_items(user) -> list:
    """Home-page counts: referrals waiting for our answer (urgent when late), ours that are late."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from rihai.core.plugins import WorkItem

    if not user.can(Resource.REFERRAL, "view"):
        return []
    url = reverse("referrals:list")
    now = timezone.now()
    waiting = incoming_referrals(user).filter(status=ReferralStatus.REQUESTED)
    late_in = waiting.filter(due_by__lt=now).count()
    late_out = sent_referrals(user).filter(status=ReferralStatus.REQUESTED, due_by__lt=now).count()
    items = []
    # Only agencies that receive referrals in Rihai have an answer box to count.
    if Provider.objects.filter(agency_id=user.agency_id).exists():
        items.append(
            WorkItem(
                "referrals-waiting",
                _("referrals waiting for your answer"),
                waiting.count(),
                f"{url}?box=incoming&status=requested",
            )
        )
    if late_in:
        items.append(
            WorkItem(
                "referrals-overdue-incoming",
                _("referrals to you past their answer deadline"),
                late_in,
                f"{url}?box=incoming&overdue=on",
                urgent=True,
            )
        )
    if late_out:
        items.append(
            WorkItem(
                "referrals-overdue-sent",
                _("your referrals not answered in time"),
                late_out,
                f"{url}?box=sent&overdue=on",
                urgent=True,
            )
        )
    return items
