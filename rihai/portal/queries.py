"""Reading public reports: the sender through their code, staff through their agency's queue."""

from django.db.models import QuerySet

from rihai.accounts.access import access_by_id, scoped

from .codes import code_hashes
from .models import Report
from .resources import REPORT


def report_by_code(code: str) -> Report | None:
    """The report whose tracking code this is, or None (wrong, mistyped or unknown alike)."""
    hashes = code_hashes(code)
    if not hashes:
        return None
    return Report.objects.filter(code_bidx__in=hashes).first()


def intake_queue(user) -> QuerySet:
    """Reports routed to the user's agency (or wider, as their grant's scope allows)."""
    return scoped(
        Report.objects.all(), user, REPORT, "view", agency_field="routed_to"
    ).select_related("district", "routed_to")


def access_report(user, report_id, action: str = "view") -> Report:
    return access_by_id(
        Report.objects.all(), user, REPORT, report_id, action, agency_field="routed_to"
    )


def open_count(user) -> int:
    return intake_queue(user).filter(status__in=["received", "under-review"]).count()
