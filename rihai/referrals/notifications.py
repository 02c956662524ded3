"""The in-app side of notices (``notify.py`` writes them): what the user's agency was told,
limited to the referrals and transfers the user may still open."""

from django.db.models import Q, QuerySet

from . import queries, transfers
from .events import ReferralEvent
from .models import Notification

LIMIT = 100


def notifications_for(user) -> QuerySet:
    """The agency's notices, newest first, each about a record the user may open (a notice
    never outlives the access: a referral whose consent was revoked drops out here too)."""
    if user.agency_id is None:
        return Notification.objects.none()
    return (
        Notification.objects.filter(agency_id=user.agency_id)
        .filter(
            Q(referral__in=queries.sent_referrals(user).values("pk"))
            | Q(referral__in=queries.incoming_referrals(user).values("pk"))
            | Q(transfer__in=transfers.sent_transfers(user).values("pk"))
            | Q(transfer__in=transfers.incoming_transfers(user).values("pk"))
        )
        .order_by("-created_on", "-id")
    )


def label(event: str) -> str:
    try:
        return ReferralEvent(event).label
    except ValueError:
        return event
