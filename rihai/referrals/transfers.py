"""Reading transfers, and the one write on a case's owner they need.

A transfer is seen by the sending agency (its case staff, in their case scope) and, once the
sending supervisor approved it, by the receiving agency's supervisors. Nobody else.
"""

from django.db.models import QuerySet
from django.utils import timezone

from rihai.accounts.access import RecordNotFound, scoped
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent

from .choices import TransferStatus
from .models import Transfer

CASE = "case"  # the cases app's resource code: a transfer is case work
SENDER, RECEIVER = "sender", "receiver"


def sent_transfers(user, action: str = "view") -> QuerySet:
    return scoped(
        Transfer.objects.all(),
        user,
        CASE,
        action,
        agency_field="from_agency",
        owner_fields=("requested_by",),
    )


def incoming_transfers(user) -> QuerySet:
    """Approved (or decided) transfers to the user's agency, for its supervisors only."""
    return scoped(
        Transfer.objects.exclude(status__in=[TransferStatus.REQUESTED, TransferStatus.CANCELLED]),
        user,
        CASE,
        "approve",
        agency_field="to_agency",
    )


def access_transfer(user, transfer_id, action: str = "view") -> tuple[Transfer, str]:
    for side, qs in ((SENDER, lambda u: sent_transfers(u, action)), (RECEIVER, incoming_transfers)):
        try:
            transfer = qs(user).select_related("from_agency", "to_agency").get(pk=transfer_id)
        except (Transfer.DoesNotExist, ValueError, TypeError):
            continue
        return transfer, side
    raise RecordNotFound


def lock_transfer(qs: QuerySet, transfer) -> Transfer:
    found = qs.select_for_update(of=("self",)).filter(pk=transfer.pk).first()
    if found is None:
        raise RecordNotFound
    return found


def hand_over_case(*, case, to_agency, assigned_to, transfer, acting_user) -> None:
    """Makes ``to_agency`` the owner of ``case`` and of its people who have no other case at
    the old agency, so the old agency keeps the transfer record and none of the data.

    TODO(lead): move to cases.actions (a write on cases.Case and cases.Person).
    """
    from rihai.cases.models import Case, CaseMember, Person

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
            "transfer": transfer.pk,
            "persons_moved": moved,
            "assigned_to": assigned_to.pk,
        },
    )
