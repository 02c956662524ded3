"""The audit events the referrals app writes (declared in ``plugin.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralEvent(models.TextChoices):
    REFERRED = "referral-made", _("Referral made")
    ACCEPTED = "referral-accepted", _("Referral accepted")
    DECLINED = "referral-declined", _("Referral declined")
    WITHDRAWN = "referral-withdrawn", _("Referral withdrawn")
    STARTED = "referral-started", _("Service started")
    SERVICE_DELIVERED = "service-delivered", _("Service delivered")
    COMPLETED = "referral-completed", _("Referral completed")
    ADMITTED = "shelter-admitted", _("Admitted to a shelter")
    DISCHARGED = "shelter-discharged", _("Discharged from a shelter")
    BEDS_CHANGED = "beds-changed", _("Shelter beds changed")
    DIGEST_SENT = "referral-digest-sent", _("Referral digest sent")
    TRANSFER_REQUESTED = "transfer-requested", _("Case transfer requested")
    TRANSFER_APPROVED = "transfer-approved", _("Case transfer approved by the sending supervisor")
    TRANSFER_ACCEPTED = "transfer-accepted", _("Case transferred")
    TRANSFER_DECLINED = "transfer-declined", _("Case transfer declined")
    TRANSFER_CANCELLED = "transfer-cancelled", _("Case transfer cancelled")
    PLAN_OPENED = "plan-opened", _("Support plan opened")
    PLAN_ITEM_ADDED = "plan-item-added", _("Support plan item added")
    PLAN_ITEM_CHANGED = "plan-item-changed", _("Support plan item updated")
    PLAN_CLOSED = "plan-closed", _("Support plan closed")
