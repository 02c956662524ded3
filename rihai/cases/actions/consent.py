"""Recording and revoking a person's consent to share their data."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound
from rihai.accounts.models import Agency, User
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.core.actions import action

from .. import queries, steps
from ..models import Case, CaseMember, Consent, Person
from ..resources import Resource


@action
def do_record_consent(
    *,
    case: Case,
    person: Person,
    recipient: Agency,
    purpose: str,
    acting_user: User,
    expires_on=None,
    given_by_guardian: bool = False,
    guardian_name: str = "",
) -> Consent:
    steps.require_grant(acting_user, "create", Resource.CONSENT)
    case = queries.lock_case(acting_user, case, "change")
    if not CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": _("This person is not in the case.")})
    consent = Consent(
        case=case,
        person=person,
        recipient=recipient,
        purpose=purpose,
        expires_on=expires_on,
        given_by_guardian=given_by_guardian,
        guardian_name=guardian_name,
        recorded_by=acting_user,
    )
    consent.full_clean()
    consent.save()
    record_audit(
        event=AuditEvent.CONSENT_RECORDED,
        acting_user=acting_user,
        obj=case,
        extra={"consent": consent.pk, "recipient": recipient.pk, "purpose": purpose},
    )
    return consent


@action
def do_revoke_consent(*, consent: Consent, acting_user: User) -> Consent:
    steps.require_grant(acting_user, "change", Resource.CONSENT)
    case = queries.lock_case(acting_user, consent.case_id, "change")
    consent = Consent.objects.select_for_update().filter(pk=consent.pk, case=case).first()
    if consent is None:
        raise RecordNotFound
    if consent.revoked_on:
        raise ValidationError(_("This consent was already revoked."))
    consent.revoked_on, consent.revoked_by = timezone.now(), acting_user
    consent.save(update_fields=["revoked_on", "revoked_by"])
    record_audit(
        event=AuditEvent.CONSENT_REVOKED,
        acting_user=acting_user,
        obj=case,
        extra={"consent": consent.pk},
    )
    return consent
