"""The case status workflow (``workflow.py``): a status change requested, then decided by
another person (four eyes)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.models import User
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.core.actions import action
from rihai.core.notifications import notify

from .. import queries, workflow
from ..models import Case, StatusChange


@action
def do_request_status_change(
    *, case: Case, to_status: str, reason: str = "", acting_user: User
) -> StatusChange:
    """Moves the case, or — into a decided state (identified, not a victim, closed) — asks a
    second person to approve, whoever the requester is."""
    case = queries.lock_case(acting_user, case, "change")
    move = workflow.transition(case.status, to_status)
    if move.needs_reason and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this decision.")})
    change = StatusChange(
        case=case,
        from_status=case.status,
        to_status=to_status,
        reason=reason.strip(),
        requested_by=acting_user,
    )
    if not move.needs_second_person:
        change.decision, change.decided_by, change.decided_on = (
            StatusChange.Decision.APPROVED,
            acting_user,
            timezone.now(),
        )
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError:
        raise ValidationError(
            {"to_status": _("A change of status is already waiting for approval.")}
        ) from None
    if change.decision == StatusChange.Decision.APPROVED:
        workflow.apply(case, change)
    record_audit(
        event=AuditEvent.STATUS_CHANGED
        if change.decision == "approved"
        else AuditEvent.DECISION_RECORDED,
        acting_user=acting_user,
        obj=case,
        extra={"from": change.from_status, "to": to_status, "decision": change.decision},
    )
    return change


@action
def do_decide_status_change(
    *, change: StatusChange, approve: bool, acting_user: User, reason: str = ""
) -> StatusChange:
    """Approves or rejects a request: a supervisor of the case's agency other than the
    requester, or — where the agency has no other — a supervisor of the same province
    (``queries.lock_change_for_decision``). A rejection needs its reason; the requester is
    notified either way."""
    change = queries.lock_change_for_decision(acting_user, change)
    if change.decision != StatusChange.Decision.PENDING:
        raise ValidationError(_("This request was already decided."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for rejecting this request.")})
    workflow.check_decider(change, acting_user)
    case = Case.objects.select_for_update().get(pk=change.case_id)
    if case.status != change.from_status:
        raise ValidationError(_("The case has moved on since this request; ask again."))
    change.decision = StatusChange.Decision.APPROVED if approve else StatusChange.Decision.REJECTED
    change.decided_by, change.decided_on = acting_user, timezone.now()
    change.decision_reason = reason.strip()
    change.save(update_fields=["decision", "decided_by", "decided_on", "decision_reason"])
    if approve:
        workflow.apply(case, change)
    notify(
        recipient=change.requested_by,
        kind="status-approved" if approve else "status-rejected",
        obj=case,
    )
    record_audit(
        event=AuditEvent.STATUS_CHANGED if approve else AuditEvent.DECISION_RECORDED,
        acting_user=acting_user,
        obj=case,
        agency_id=acting_user.agency_id,
        extra={
            "from": change.from_status,
            "to": change.to_status,
            "decision": change.decision,
            "change": change.pk,
            "other_agency": acting_user.agency_id != case.agency_id,
        },
    )
    return change
