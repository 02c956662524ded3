"""Steps shared by the referrals actions (private: never called from outside the package)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound
from rihai.audit.actions import record_audit
from rihai.audit.journal import record_read
from rihai.audit.models import AuditEvent
from rihai.cases.queries import visible_cases

from .. import queries
from ..choices import (
    DEFAULT_RESPONSE_HOURS,
    ReferralStatus,
    ServiceType,
)
from ..models import Referral

RESIDENTIAL = {ServiceType.SHELTER, ServiceType.CHILD_PROTECTION}
PROVIDER_FIELDS = frozenset(
    {
        "name",
        "name_ur",
        "kind",
        "agency",
        "province",
        "district",
        "address",
        "hours",
        "phone",
        "email",
        "languages",
        "eligible_sexes",
        "min_age",
        "max_age",
        "nationalities",
        "accepts_children",
        "is_active",
    }
)


def response_hours(service_type: str) -> int:
    configured = getattr(settings, "RIHAI_REFERRAL_RESPONSE_HOURS", {}) or {}
    return int(configured.get(service_type, DEFAULT_RESPONSE_HOURS.get(service_type, 72)))


def _audit(event, referral: Referral, acting_user, **extra) -> None:
    record_audit(
        event=event,
        acting_user=acting_user,
        obj=referral,
        extra={"case": referral.case_id, "provider": referral.provider_id, **extra},
    )


def _lock_case(acting_user, case):
    # TODO(lead): move to cases.queries as access_case(..., for_update=True).
    found = visible_cases(acting_user, "change").select_for_update(of=("self",))
    found = found.filter(pk=case.pk).first()
    if found is None:
        raise RecordNotFound
    return found


def _lock_as_answerer(acting_user, referral: Referral) -> Referral:
    """The referral locked for its recipient's answer. For a provider outside Rihai the sender
    records the provider's answer (the hand-off happened outside)."""
    referral, side = queries.lock_referral(acting_user, referral, "change")
    if side == queries.RECIPIENT or referral.to_agency_id is None:
        return referral
    raise ValidationError(_("Only the agency the referral is addressed to can answer it."))


def _require_status(referral: Referral, *allowed: str) -> None:
    if referral.status not in allowed:
        raise ValidationError(
            {
                "status": _("This referral is %(status)s: it cannot be changed this way.")
                % {"status": ReferralStatus(referral.status).label}
            }
        )


def _save(referral: Referral, *fields: str) -> None:
    referral.save(update_fields=[*fields, "modified_on"])


def log_referral_view(user, referral: Referral | None = None, *, listed_ids=None) -> None:
    """Every view of a referral's personal data leaves an audit row (one per page of a list)."""
    if listed_ids is not None:
        record_read(
            event=AuditEvent.RECORD_LISTED,
            acting_user=user,
            object_type="referrals.referral",
            extra={"ids": listed_ids[:100], "count": len(listed_ids)},
        )
    else:
        record_read(event=AuditEvent.RECORD_VIEWED, acting_user=user, obj=referral)
