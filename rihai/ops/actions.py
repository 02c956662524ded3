"""Holds and erasure requests: the operations app's actions (``rihai.core.actions``).

A hold or an erasure request is about another app's record; its scope is that app's: the
record is locked through the access function its retention rule names (holds) or the cases
app's ``lock_person`` (erasure), so a record out of the user's scope is not found. Placing
or lifting a hold, and refusing an erasure, need the supervisor's "approve" grant on it.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound
from rihai.audit.actions import record_audit
from rihai.cases import queries as cases_queries
from rihai.cases.erasure import held_reasons, same_human
from rihai.core.actions import action
from rihai.core.plugins import retention_rules

from .models import Disposal, ErasureBasis, ErasureRequest, LegalHold
from .queries import lock_open_hold, lock_pending_erasure
from .resources import Resource


def _granted(user, resource: str, action_code: str) -> None:
    """The ops grant itself (a page checks it too): without it the record is "not found",
    as for a record out of scope, so the answer tells nothing about the record."""
    if user is None or not user.is_authenticated or user.scope_for(resource, action_code) is None:
        raise RecordNotFound


def _rule(record_type: str):
    rule = retention_rules().get(record_type)
    if rule is None:
        raise ValidationError(_("Unknown record type for a hold."))
    return rule


@action
def do_place_hold(*, record_type: str, object_id, reason: str, acting_user) -> LegalHold:
    """Keeps one record from being purged or erased, for a stated reason (a supervisor)."""
    _granted(acting_user, Resource.HOLD, "create")
    rule = _rule(record_type)
    # Every record that takes a manual hold has a numeric id; anything else is "not found"
    # here, before an app's access function could fail on it.
    if not str(object_id if object_id is not None else "").strip().isdigit():
        raise RecordNotFound
    record = import_string(rule.lock)(acting_user, object_id, "approve")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the record is held (the proceedings, or the decision)."))
    if LegalHold.objects.filter(
        record_type=record_type, object_id=str(record.pk), lifted_on__isnull=True
    ).exists():
        raise ValidationError(_("This record is already on hold."))
    # Read under the record's lock: a purge that anonymised it first has committed by now.
    if Disposal.objects.filter(record_type=record_type, object_id=str(record.pk)).exists():
        raise ValidationError(
            _("This record has already been anonymised or erased: there is nothing left to hold.")
        )
    hold = LegalHold.objects.create(
        record_type=record_type,
        object_id=str(record.pk),
        # A record that belongs to no agency (an ad, a report) is listed under the agency
        # that held it, whose supervisors may lift the hold.
        agency_id=getattr(record, "agency_id", None) or acting_user.agency_id,
        reason=reason,
        placed_by=acting_user,
    )
    record_audit(
        event="hold-placed",
        acting_user=acting_user,
        obj=hold,
        extra={"record_type": record_type, "record": record.pk},
    )
    return hold


@action
def do_lift_hold(*, hold, reason: str, acting_user) -> LegalHold:
    """Ends a hold, saying why; the row stays, with who lifted it, when and why."""
    _granted(acting_user, Resource.HOLD, "change")
    hold_id = getattr(hold, "pk", hold)
    locked = lock_open_hold(acting_user, hold_id)
    import_string(_rule(locked.record_type).lock)(acting_user, locked.object_id, "approve")
    hold = locked
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the hold is lifted (the judgment, the decision)."))
    hold.lifted_by, hold.lifted_on, hold.lift_reason = acting_user, timezone.now(), reason
    hold.save(update_fields=["lifted_by", "lifted_on", "lift_reason"])
    record_audit(
        event="hold-lifted",
        acting_user=acting_user,
        obj=hold,
        extra={"record_type": hold.record_type, "record": hold.object_id},
    )
    return hold


@action
def do_request_erasure(*, person, basis: str, acting_user) -> ErasureRequest:
    """Asks for a person's personal data to be erased; a supervisor carries it out
    (``rihai.cases.erasure.do_erase_person``) or refuses it (``do_reject_erasure``)."""
    _granted(acting_user, Resource.ERASURE, "create")
    person = cases_queries.lock_person(acting_user, person, "change")
    if basis not in ErasureBasis.values:
        raise ValidationError(_("Choose the ground on which the person asks for erasure."))
    if held_reasons(same_human(person.pk)):
        raise ValidationError(
            _(
                "This person's record is on hold (an investigation or a court case) and cannot be erased."
            )
        )
    if ErasureRequest.objects.filter(person=person, status=ErasureRequest.Status.PENDING).exists():
        raise ValidationError(_("An erasure of this person is already waiting for a supervisor."))
    request = ErasureRequest.objects.create(
        person=person, agency_id=person.agency_id, basis=basis, requested_by=acting_user
    )
    record_audit(
        event="erasure-requested",
        acting_user=acting_user,
        obj=request,
        extra={"person": person.pk, "basis": basis},
    )
    return request


@action
def do_reject_erasure(*, request, acting_user) -> ErasureRequest:
    """A supervisor in the person's scope refuses a pending erasure (the data stays)."""
    _granted(acting_user, Resource.ERASURE, "approve")
    erasure = lock_pending_erasure(request)
    cases_queries.lock_person(acting_user, erasure.person_id, "approve")
    erasure.status = ErasureRequest.Status.REJECTED
    erasure.decided_by, erasure.decided_on = acting_user, timezone.now()
    erasure.save(update_fields=["status", "decided_by", "decided_on"])
    record_audit(
        event="erasure-rejected",
        acting_user=acting_user,
        obj=erasure,
        extra={"person": erasure.person_id},
    )
    return erasure
