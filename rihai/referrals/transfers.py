"""Reading transfers, and the one write on a case's owner they need.

A transfer is seen by the sending agency (its case staff, in their case scope) and, once the
sending supervisor approved it, by the receiving agency's supervisors. Nobody else.
"""

from django.db.models import QuerySet

from rihai.accounts.access import RecordNotFound, scoped
from rihai.cases.queries import hidden_restricted_cases

from .choices import TransferStatus
from .models import Transfer

CASE = "case"  # the cases app's resource code: a transfer is case work
SENDER, RECEIVER = "sender", "receiver"


def sent_transfers(user, action: str = "view") -> QuerySet:
    """Transfers out of the user's agency, except those of a restricted case the user may not
    see (``hidden_restricted_cases``)."""
    return scoped(
        Transfer.objects.all(),
        user,
        CASE,
        action,
        agency_field="from_agency",
        owner_fields=("requested_by",),
    ).exclude(case__in=hidden_restricted_cases(user))


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
