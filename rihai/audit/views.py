"""The audit trail for auditors (all agencies) and supervisors (their agency)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from rihai.accounts.access import require
from rihai.accounts.models import Agency
from rihai.accounts.permissions import Scope

from .models import AuditEvent, AuditLog, Interface
from .plugin import AUDIT_RESOURCE

PAGE_SIZE = 50


def visible_audit_rows(user):
    """Audit rows ``user`` may read; PermissionDenied without an audit grant.

    ``agency_id`` is a plain column (rows outlive agencies), so scoping filters on it directly.
    """
    scope = require(user, AUDIT_RESOURCE, "view")
    rows = AuditLog.objects.order_by("-id")
    if scope == Scope.ALL:
        return rows
    if scope == Scope.PROVINCE and user.agency_id:
        agencies = Agency.objects.filter(province_id=user.agency.province_id).values("pk")
        return rows.filter(agency_id__in=agencies)
    if scope == Scope.AGENCY and user.agency_id:
        return rows.filter(agency_id=user.agency_id)
    return rows.none()


@login_required
def audit_list(request):
    rows = visible_audit_rows(request.user)
    event = request.GET.get("event", "")
    if event in AuditEvent.values:
        rows = rows.filter(event=event)
    interface = request.GET.get("interface", "")
    if interface in Interface.values:
        rows = rows.filter(interface=interface)
    username = request.GET.get("user", "").strip()[:150]
    object_id = request.GET.get("object", "").strip()[:64]
    if "\x00" in username + object_id:
        # No user or record is named with a NUL, and PostgreSQL rejects one in a query (a
        # server error): the answer is "No audit rows match."
        rows = rows.none()
    if username:
        rows = rows.filter(acting_username=username)
    if object_id:
        rows = rows.filter(object_id=object_id)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "events": AuditEvent.choices,
            "interfaces": Interface.choices,
            "filters": {
                "event": event,
                "interface": interface,
                "user": username,
                "object": object_id,
            },
        },
    )
