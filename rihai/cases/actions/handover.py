"""Handing a case over to another agency, as one step of the action that authorised it.

Not a public action: the receiving supervisor has no scope on the case until the hand-over is
done, so the authority comes from the caller's own record (an approved transfer in
``referrals``), which the caller has locked and checked inside its transaction. Refused
outside a transaction so it can never run on its own.
"""

from django.db import transaction
from django.utils import timezone

from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.core.actions import ActionContractError

from ..models import Case, CaseMember, Person


def hand_over_case(*, case, to_agency, assigned_to, acting_user, because: dict) -> list[int]:
    """Makes ``to_agency`` the owner of ``case`` and of its people who have no other case at
    the old agency, so the old agency keeps its record of the hand-over and none of the data.
    ``because`` names the authorising record in the audit row (``{"transfer": 7}``). Returns
    the ids of the persons who moved."""
    if not transaction.get_connection().in_atomic_block:
        raise ActionContractError("hand_over_case runs only inside the authorising action")
    # The lock an UPDATE takes anyway, taken first so the old agency read below is current.
    case = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
    old_agency_id = case.agency_id
    Case.objects.filter(pk=case.pk).update(
        agency=to_agency, assigned_to=assigned_to, assignment_note="", modified_on=timezone.now()
    )
    moved = []
    for person_id in CaseMember.objects.filter(case=case).values_list("person_id", flat=True):
        elsewhere = (
            CaseMember.objects.filter(person_id=person_id, case__agency_id=old_agency_id)
            .exclude(case=case)
            .exists()
        )
        if not elsewhere:
            Person.objects.filter(pk=person_id, agency_id=old_agency_id).update(agency=to_agency)
            moved.append(person_id)
    record_audit(
        event=AuditEvent.RECORD_CHANGED,
        acting_user=acting_user,
        obj=case,
        extra={
            "from_agency": old_agency_id,
            "agency": to_agency.pk,
            **because,
            "persons_moved": moved,
            "assigned_to": assigned_to.pk,
        },
    )
    return moved
