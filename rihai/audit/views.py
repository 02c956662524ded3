"""The audit trail and its unusual-activity summary, for auditors (all agencies) and
supervisors (their agency)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from rihai.core.plugins import audit_event_choices, audit_events

from .models import Interface
from .queries import unusual_activity, visible_audit_rows

PAGE_SIZE = 50


@login_required
def audit_list(request):
    rows = visible_audit_rows(request.user)
    event = request.GET.get("event", "")
    if event in audit_events():
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
            "events": audit_event_choices(),
            "interfaces": Interface.choices,
            "filters": {
                "event": event,
                "interface": interface,
                "user": username,
                "object": object_id,
            },
        },
    )


# The windows offered on the unusual-activity page, in hours.
WINDOWS = {1: _("Last hour"), 24: _("Last 24 hours"), 168: _("Last 7 days")}
DEFAULT_WINDOW = 24


@login_required
def unusual_activity_page(request):
    try:
        hours = int(request.GET.get("hours", DEFAULT_WINDOW))
    except ValueError:
        hours = DEFAULT_WINDOW
    if hours not in WINDOWS:
        hours = DEFAULT_WINDOW
    return render(
        request,
        "audit/unusual.html",
        {
            "people": unusual_activity(request.user, hours=hours),
            "windows": WINDOWS.items(),
            "hours": hours,
            "denial_limit": settings.AUDIT_UNUSUAL_DENIALS,
            "view_limit": settings.AUDIT_UNUSUAL_PERSONAL_DATA_VIEWS,
        },
    )
