"""Reading cases and persons: every read starts here, from the user's grants (fail-closed)."""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from rihai.accounts.access import RecordNotFound, scoped

from .models import Case, CaseExploitation, CaseMember, Consent, Person, StatusChange
from .resources import Resource

CASE_OWNERS = ("assigned_to", "created_by")
LIST_PERSON_FIELDS = ("id", "name_roman", "name_ur", "sex", "date_of_birth", "estimated_age")


def visible_cases(user, action: str = "view") -> QuerySet:
    """Cases ``user`` may do ``action`` to: their grant's scope, minus restricted cases that do
    not name them (a restricted case stays visible to its agency's supervisors)."""
    cases = scoped(Case.objects.all(), user, Resource.CASE, action, owner_fields=CASE_OWNERS)
    return cases.filter(_restriction_allows(user))


def _restriction_allows(user) -> Q:
    allowed = Q(restriction="")
    if user is None or not user.is_authenticated:
        return allowed
    allowed |= Q(Exists(_names(user)))
    if user.agency_id is not None and user.can(Resource.CASE, "approve"):
        allowed |= Q(agency_id=user.agency_id)  # the agency's supervisors
    return allowed


def hidden_restricted_cases(user) -> QuerySet:
    """Restricted cases ``user`` may not see. Another app's records about a case (referrals,
    transfers) leave these out whatever the app's own grant would reach: a restricted case is
    limited to named users everywhere, not only in the cases app."""
    return Case.objects.exclude(restriction="").exclude(pk__in=visible_cases(user).values("pk"))


def _names(user):
    return Case.restricted_to.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk)


def lock_case(user, case, action: str) -> Case:
    """Inside an action: the case's row locked, if ``user`` may do ``action`` to it.

    Actions call this even when the view already checked, so the check cannot be forgotten;
    the lock serialises concurrent changes of one case. RecordNotFound otherwise.
    """
    case_id = getattr(case, "pk", case)
    locked = visible_cases(user, action).select_for_update(of=("self",)).filter(pk=case_id).first()
    if locked is None:
        raise RecordNotFound
    return locked


def lock_person(user, person, action: str) -> Person:
    """Inside an action: the person's row locked, if ``user`` may do ``action`` to it."""
    person_id = getattr(person, "pk", person)
    locked = (
        visible_persons(user, action).select_for_update(of=("self",)).filter(pk=person_id).first()
    )
    if locked is None:
        raise RecordNotFound
    return locked


def access_case(user, case_id, action: str = "view") -> Case:
    """The case if ``user`` may do ``action`` to it; else RecordNotFound, whether it exists or not."""
    try:
        case = (
            visible_cases(user, action)
            .select_related("agency", "assigned_to", "province", "district")
            .get(pk=case_id)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None
    return case


def visible_persons(user, action: str = "view") -> QuerySet:
    """Persons in a case the user may see, or registered by them / their agency within scope."""
    if not user.can(Resource.PERSON, action):
        return Person.objects.none()
    in_visible_case = CaseMember.objects.filter(
        person=OuterRef("pk"), case__in=visible_cases(user, "view")
    )
    direct = scoped(
        Person.objects.all(), user, Resource.PERSON, action, owner_fields=("created_by",)
    )
    # A person in a restricted case the user may not see stays hidden, however else they
    # might reach the record (registered by their agency, or in another case).
    in_hidden_restricted_case = (
        CaseMember.objects.filter(person=OuterRef("pk"))
        .exclude(case__restriction="")
        .exclude(case__in=visible_cases(user, "view"))
    )
    return Person.objects.filter(
        Q(Exists(in_visible_case)) | Q(pk__in=direct.values("pk")),
        ~Q(Exists(in_hidden_restricted_case)),
    )


def access_person(user, person_id, action: str = "view") -> Person:
    try:
        return visible_persons(user, action).get(pk=person_id)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def case_list(user, *, filters: dict | None = None) -> QuerySet:
    """The case list with everything a page of rows shows, in a fixed number of queries."""
    filters = filters or {}
    qs = visible_cases(user).select_related("agency", "assigned_to", "province", "district")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("exploitation_type"):
        qs = qs.filter(
            Exists(
                CaseExploitation.objects.filter(
                    case=OuterRef("pk"), exploitation_type=filters["exploitation_type"]
                )
            )
        )
    if filters.get("province"):
        qs = qs.filter(province=filters["province"])
    if filters.get("district"):
        qs = qs.filter(district=filters["district"])
    if filters.get("mine"):
        qs = qs.filter(assigned_to=user)
    if filters.get("open"):
        qs = qs.exclude(status="closed")
    if filters.get("awaiting_approval"):
        qs = qs.filter(Exists(StatusChange.objects.filter(case=OuterRef("pk"), decision="pending")))
    # Day bounds as timestamps (not created_on::date), so the (agency, status, created_on)
    # index serves the range.
    if filters.get("created_from"):
        qs = qs.filter(created_on__gte=_day_start(filters["created_from"]))
    if filters.get("created_to"):
        qs = qs.filter(created_on__lt=_day_start(filters["created_to"] + timedelta(days=1)))
    if filters.get("reference"):
        qs = qs.filter(reference=filters["reference"].strip().upper())
    if filters.get("person_ids") is not None:
        qs = qs.filter(
            Exists(
                CaseMember.objects.filter(case=OuterRef("pk"), person_id__in=filters["person_ids"])
            )
        )
    # Only the fields a row shows: every encrypted column loaded is a decryption per row.
    members = (
        CaseMember.objects.select_related("person")
        .only("id", "case_id", "role", "person_id", *(f"person__{f}" for f in LIST_PERSON_FIELDS))
        .order_by("role", "id")
    )
    return qs.order_by("-created_on", "-id").prefetch_related(
        Prefetch("members", queryset=members),
        "exploitations",
    )


def primary_person(case: Case) -> Person | None:
    for member in case.members.all():  # uses the prefetch when there is one
        if member.role == "primary":
            return member.person
    return None


def consents_in_force(person: Person) -> QuerySet:
    return Consent.objects.in_force().filter(person=person).select_related("recipient")


def has_consent(person: Person, *, recipient, purpose: str, on=None) -> bool:
    """Recorded, unexpired, unrevoked consent for exactly this recipient and purpose."""
    return (
        Consent.objects.in_force(on=on or timezone.now())
        .filter(person=person, recipient=recipient, purpose=purpose)
        .exists()
    )


def person_ids_by_identifier(text: str) -> list[int] | None:
    """Persons whose CNIC, B-Form, passport or phone equals ``text``, through blind indexes.

    None when ``text`` does not look like an identifier (so the caller tries a name search).
    """
    from rihai.core import validators as v
    from rihai.core.encryption import blind_index_candidates

    digits = v.digits_only(text)
    conditions = Q()
    if len(digits) == 13 and not any(ch.isalpha() for ch in text):
        hashes = blind_index_candidates(digits)
        conditions |= Q(cnic_bidx__in=hashes) | Q(bform_bidx__in=hashes)
    phone = v.normalise_phone(text) if len(digits) >= 10 else ""
    if phone:
        conditions |= Q(phone_bidx__in=blind_index_candidates(phone))
    passport = v.normalise_passport(text)
    if (
        6 <= len(passport) <= 9
        and any(ch.isalpha() for ch in passport)
        and any(ch.isdigit() for ch in passport)
    ):
        conditions |= Q(passport_bidx__in=blind_index_candidates(passport))
    if not conditions:
        return None
    return list(Person.objects.filter(conditions).values_list("pk", flat=True)[:200])


def work_items(user) -> list:
    """The home page's counts: my open cases and, for supervisors, requests awaiting approval.

    Each count links to the case-list filter that lists exactly what it counts.
    """
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from rihai.core.plugins import WorkItem

    items = []
    url = reverse("cases:list")
    if user.can(Resource.CASE, "view"):
        mine = case_list(user, filters={"mine": True, "open": True}).count()
        items.append(
            WorkItem(
                "my-open-cases", _("open cases assigned to you"), mine, f"{url}?mine=on&open=on"
            )
        )
    if user.can(Resource.CASE, "approve"):
        waiting = case_list(user, filters={"awaiting_approval": True}).count()
        items.append(
            WorkItem(
                "awaiting-approval",
                _("decisions waiting for your approval"),
                waiting,
                f"{url}?awaiting_approval=on",
                urgent=True,
            )
        )
    return items


def _approvers(agency_ref) -> QuerySet:
    from rihai.accounts.models import User

    return User.objects.filter(
        agency=agency_ref,
        is_active=True,
        role__grants__resource=Resource.CASE,
        role__grants__action="approve",
    )


def fallback_requests(user) -> QuerySet:
    """Pending requests that ``user`` may decide as the fallback second person: in another
    agency of the user's province that has no approver besides the requester. The decider
    sees the request only (reference, from, to, when), never the case's personal data."""
    if user is None or not user.is_authenticated or not user.is_active:
        return StatusChange.objects.none()
    if user.agency_id is None or not user.can(Resource.CASE, "approve"):
        return StatusChange.objects.none()
    another_approver = _approvers(OuterRef("case__agency")).exclude(pk=OuterRef("requested_by"))
    return (
        StatusChange.objects.filter(
            decision=StatusChange.Decision.PENDING,
            case__agency__province_id=user.agency.province_id,
            case__agency__is_active=True,
        )
        .exclude(case__agency_id=user.agency_id)
        .exclude(Exists(another_approver))
        .select_related("case", "case__agency", "requested_by")
    )


def lock_change_for_decision(user, change) -> StatusChange:
    """Inside ``do_decide_status_change``: the request locked, if ``user`` may decide it — as an
    approver over its case, or as the province's fallback. RecordNotFound otherwise."""
    change_id = getattr(change, "pk", change)
    own = StatusChange.objects.filter(
        pk=change_id, case__in=visible_cases(user, "approve")
    ).exists()
    if not own and not fallback_requests(user).filter(pk=change_id).exists():
        raise RecordNotFound
    return StatusChange.objects.select_for_update().get(pk=change_id)


def record_of_case(model, case: Case, record_id):
    """A status change or consent of ``case`` by id; RecordNotFound if it is not that case's."""
    record = model.objects.filter(case=case, pk=record_id).first()
    if record is None:
        raise RecordNotFound
    return record


def case_detail_queryset(user) -> QuerySet:
    """The user's visible cases with what a case page or the API's case detail shows: people
    (with agency and place), exploitation types, status changes with who asked and decided,
    and screenings, fetched in a fixed number of queries."""
    return (
        visible_cases(user)
        .select_related("agency", "assigned_to", "province", "district")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CaseMember.objects.select_related(
                    "person__agency", "person__province", "person__district"
                ),
            ),
            "exploitations",
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.select_related("requested_by", "decided_by"),
            ),
            "assessments",
        )
    )


def case_district_id(case_id) -> int | None:
    """The district a case was registered in (an id, no personal data): where another app
    looks for services near the survivor. Unscoped, so callers pass a case id they may use."""
    return Case.objects.filter(pk=case_id).values_list("district_id", flat=True).first()


def consent_in_force_subquery(consent_ref: str = "consent_id") -> QuerySet:
    """Consents in force, matched on the outer row's ``consent_ref`` column: for ``Exists`` in
    another app's queryset filter (``has_consent`` answers for one person at a time)."""
    return Consent.objects.in_force().filter(pk=OuterRef(consent_ref))


def assigned_cases_in_status(statuses, *, exclude_agency_codes=()) -> QuerySet:
    """Cases in one of ``statuses`` that have a case worker, outside the named agencies, oldest
    first. Unscoped: for the demo seeders, which run as the system, never for a request."""
    return (
        Case.objects.filter(status__in=list(statuses), assigned_to__isnull=False)
        .exclude(agency__code__in=list(exclude_agency_codes))
        .order_by("id")
    )
