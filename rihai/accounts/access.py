"""Fail-closed access: every read of protected records starts from ``scoped``.

A user sees records only through a (resource, action) grant of their role, widened by its
scope: OWN (records assigned to or created by them), AGENCY, PROVINCE or ALL. With no grant,
no role, no agency or an inactive account the answer is an empty queryset, never everything.
Views turn "no such record" and "not yours" into the same 404 (``RecordNotFound``).
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .permissions import Scope


class RecordNotFound(Http404):
    """The record does not exist or the user may not see it; callers cannot tell which."""


def scoped(
    queryset: QuerySet,
    user,
    resource: str,
    action: str = "view",
    *,
    agency_field: str = "agency",
    owner_fields: Sequence[str] = (),
) -> QuerySet:
    """``queryset`` narrowed to what ``user`` may do ``action`` to, or none of it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    scope = user.scope_for(resource, action)
    if scope is None:
        return queryset.none()
    if scope == Scope.ALL:
        return queryset
    if user.agency_id is None:
        return queryset.none()
    if scope == Scope.PROVINCE:
        return queryset.filter(**{f"{agency_field}__province_id": user.agency.province_id})
    if scope == Scope.AGENCY:
        return queryset.filter(**{agency_field: user.agency_id})
    if scope == Scope.OWN:
        if not owner_fields:
            return queryset.none()
        mine = Q()
        for field in owner_fields:
            mine |= Q(**{field: user.pk})
        return queryset.filter(mine, **{agency_field: user.agency_id})
    return queryset.none()


def access_by_id(
    queryset: QuerySet, user, resource: str, record_id, action: str = "view", **kwargs
):
    """The one record if ``user`` may do ``action`` to it; otherwise ``RecordNotFound``."""
    try:
        record = scoped(queryset, user, resource, action, **kwargs).filter(pk=record_id).first()
    except (ValueError, TypeError):
        record = None
    if record is None:
        raise RecordNotFound
    return record


def require(user, resource: str, action: str) -> int:
    """The user's scope for (resource, action); ``PermissionDenied`` if they hold no such grant."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    scope = user.scope_for(resource, action)
    if scope is None:
        raise PermissionDenied
    return scope
