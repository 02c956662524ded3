"""Reading the audit log: auditors (every agency) and supervisors (their agency) only.

``visible_audit_rows`` is the fail-closed entry point: no audit grant, PermissionDenied; an
unknown scope or a user without an agency, nothing. ``agency_id`` is a plain column (rows
outlive agencies), so scoping filters on it directly.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, QuerySet, Sum, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from rihai.accounts.access import require
from rihai.accounts.models import Agency
from rihai.accounts.permissions import Scope

from .models import AuditEvent, AuditLog, DenialBucket
from .plugin import AUDIT_RESOURCE

PERSONAL_DATA_EVENTS = (AuditEvent.RECORD_VIEWED, AuditEvent.RECORD_LISTED)


def _within_scope(queryset: QuerySet, user, scope: int) -> QuerySet:
    if scope == Scope.ALL:
        return queryset
    if scope == Scope.PROVINCE and user.agency_id:
        agencies = Agency.objects.filter(province_id=user.agency.province_id).values("pk")
        return queryset.filter(agency_id__in=agencies)
    if scope == Scope.AGENCY and user.agency_id:
        return queryset.filter(agency_id=user.agency_id)
    return queryset.none()


def visible_audit_rows(user) -> QuerySet:
    """Audit rows ``user`` may read, newest first; PermissionDenied without an audit grant."""
    scope = require(user, AUDIT_RESOURCE, "view")
    return _within_scope(AuditLog.objects.order_by("-id"), user, scope)


def audit_rows_for_object(object_type: str, object_id) -> list[AuditLog]:
    return list(AuditLog.objects.filter(object_type=object_type, object_id=str(object_id)))


@dataclass(frozen=True)
class UnusualUser:
    user_id: int
    username: str
    agency: str
    denials: int
    personal_data_views: int
    many_denials: bool
    many_views: bool


def unusual_activity(user, *, hours: int) -> list[UnusualUser]:
    """Users (of the agencies ``user`` may audit) whose refused requests or personal-data
    views in the last ``hours`` reach ``AUDIT_UNUSUAL_DENIALS`` or
    ``AUDIT_UNUSUAL_PERSONAL_DATA_VIEWS``, most refusals first.

    Refusals are summed from the chain's aggregated rows (their ``count``) and from the
    buckets of the current minutes not yet written to it, so a flood shows up at once.
    """
    scope = require(user, AUDIT_RESOURCE, "view")
    since = timezone.now() - timedelta(hours=hours)
    rows = _within_scope(AuditLog.objects.filter(event_time__gte=since), user, scope)
    denials: dict[int, int] = {}
    chain_denials = (
        rows.filter(event=AuditEvent.ACCESS_DENIED, acting_user__isnull=False)
        .values("acting_user")
        .annotate(n=Sum(Coalesce(Cast(KT("extra__count"), IntegerField()), Value(1))))
    )
    for entry in chain_denials:
        denials[entry["acting_user"]] = denials.get(entry["acting_user"], 0) + entry["n"]
    open_buckets = (
        _within_scope(DenialBucket.objects.all(), user, scope)
        .filter(event=AuditEvent.ACCESS_DENIED, window_start__gte=since, user_id__isnull=False)
        .values("user_id")
        .annotate(n=Sum("count"))
    )
    for entry in open_buckets:
        denials[entry["user_id"]] = denials.get(entry["user_id"], 0) + entry["n"]
    views = dict(
        rows.filter(event__in=PERSONAL_DATA_EVENTS, acting_user__isnull=False)
        .values("acting_user")
        .annotate(n=Count("id"))
        .values_list("acting_user", "n")
    )
    denial_limit = settings.AUDIT_UNUSUAL_DENIALS
    view_limit = settings.AUDIT_UNUSUAL_PERSONAL_DATA_VIEWS
    flagged = {
        uid
        for uid in denials.keys() | views.keys()
        if denials.get(uid, 0) >= denial_limit or views.get(uid, 0) >= view_limit
    }
    people = get_user_model()._default_manager.filter(pk__in=flagged)
    found = [
        UnusualUser(
            user_id=person["pk"],
            username=person["username"],
            agency=person["agency__name"] or "",
            denials=denials.get(person["pk"], 0),
            personal_data_views=views.get(person["pk"], 0),
            many_denials=denials.get(person["pk"], 0) >= denial_limit,
            many_views=views.get(person["pk"], 0) >= view_limit,
        )
        for person in people.values("pk", "username", "agency__name")
    ]
    return sorted(found, key=lambda u: (-u.denials, -u.personal_data_views, u.username))
