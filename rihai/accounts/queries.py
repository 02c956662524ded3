"""Reads of agencies and users for other apps and for this app's pages.

Functions that list people start from the acting user and return nothing when anything is
missing (no user, no grant, inactive account). ``members_with_grant`` and
``users_who_can_hold_cases`` answer an action's question about an agency the caller has
already been allowed to act in (e.g. "who can this case be assigned to?").
"""

from django.db.models import QuerySet
from django.utils import timezone

from .access import scoped
from .models import AccessRequest, Agency, RequestStatus, User
from .permissions import Action, Resource, Scope

CASE_RESOURCE = "case"  # the cases app's resource code; named here to avoid importing that app


def agencies_for(user, action: str = Action.VIEW, *, queryset: QuerySet | None = None) -> QuerySet:
    """Agencies ``user`` may ``action`` through their agency grant: all, their province's or
    their own. Nothing without a grant, an agency or an active account."""
    rows = Agency.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated or not user.is_active:
        return rows.none()
    scope = user.scope_for(Resource.AGENCY, action)
    if scope is None:
        return rows.none()
    if scope == Scope.ALL:
        return rows
    if user.agency_id is None:
        return rows.none()
    if scope == Scope.PROVINCE:
        return rows.filter(province_id=user.agency.province_id)
    return rows.filter(pk=user.agency_id)


def users_visible_to(user, action: str = Action.VIEW) -> QuerySet:
    """Staff accounts ``user`` may see (or change), by their user grant's scope."""
    return scoped(User.objects.select_related("agency", "role"), user, Resource.USER, action)


def members_with_grant(*, agency: Agency, resource: str, action: str = Action.CHANGE) -> QuerySet:
    """Active members of ``agency`` whose role grants (resource, action)."""
    return (
        User.objects.filter(
            agency=agency,
            is_active=True,
            role__grants__resource=resource,
            role__grants__action=action,
        )
        .select_related("role")
        .distinct()
    )


def users_who_can_hold_cases(agency: Agency) -> QuerySet:
    """Active members of ``agency`` who may be assigned a case (they can change cases)."""
    return members_with_grant(agency=agency, resource=CASE_RESOURCE, action=Action.CHANGE)


def enrolment_code_candidates(issuer) -> QuerySet:
    """Users ``issuer`` may issue a two-factor enrolment code to: anyone an administrator may
    change, or, for a supervisor, the active members of their own agency below them; never
    themselves."""
    if issuer is None or not issuer.is_authenticated or not issuer.is_active:
        return User.objects.none()
    if issuer.can(Resource.USER, Action.CHANGE):
        rows = users_visible_to(issuer, Action.CHANGE)
    elif issuer.role_id and issuer.role.code == "supervisor" and issuer.agency_id:
        # Never an administrator, a superuser or a fellow supervisor: a supervisor who learned
        # one of their passwords would enrol their own authenticator and hold the account
        # (an administrator's, or a second supervisor for their own four-eyes decisions).
        rows = User.objects.filter(
            agency_id=issuer.agency_id, is_superuser=False, is_staff=False
        ).exclude(role__code__in=("administrator", "supervisor"))
    else:
        return User.objects.none()
    return rows.filter(is_active=True).exclude(pk=issuer.pk).order_by("username")


def pending_requests() -> QuerySet:
    """Requests still waiting for a second administrator (expired ones excluded)."""
    return AccessRequest.objects.filter(
        status=RequestStatus.PENDING, expires_on__gt=timezone.now()
    ).select_related("requested_by", "target_user", "target_role")
