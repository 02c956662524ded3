"""Reading cases and persons: every read starts here, from the user's grants (fail-closed)."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from rihai.accounts.access import RecordNotFound, scoped
from rihai.accounts.permissions import Resource

from .models import Case, CaseExploitation, CaseMember, Consent, Person

CASE_OWNERS = ("assigned_to", "created_by")


def visible_cases(user, action: str = "view") -> QuerySet:
    return scoped(Case.objects.all(), user, Resource.CASE, action, owner_fields=CASE_OWNERS)


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
    return Person.objects.filter(Q(Exists(in_visible_case)) | Q(pk__in=direct.values("pk")))


def access_person(user, person_id, action: str = "view") -> Person:
    try:
        return visible_persons(user, action).get(pk=person_id)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


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
    if filters.get("created_from"):
        qs = qs.filter(created_on__date__gte=filters["created_from"])
    if filters.get("created_to"):
        qs = qs.filter(created_on__date__lte=filters["created_to"])
    if filters.get("reference"):
        qs = qs.filter(reference__iexact=filters["reference"].strip())
    if filters.get("person_ids") is not None:
        qs = qs.filter(
            Exists(
                CaseMember.objects.filter(case=OuterRef("pk"), person_id__in=filters["person_ids"])
            )
        )
    return qs.order_by("-created_on", "-id").prefetch_related(
        Prefetch(
            "members", queryset=CaseMember.objects.select_related("person").order_by("role", "id")
        ),
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
