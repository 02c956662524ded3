"""Reading retention state: open holds, pending erasure requests, what is already disposed of.

Other apps (the cases app's erasure, the retention rules' hold checks) read through here.
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from rihai.accounts.access import RecordNotFound, scoped

from .models import Disposal, ErasureRequest, LegalHold
from .resources import Resource


def held_ids(record_type: str, object_ids: Iterable) -> set[str]:
    """The ids among ``object_ids`` (as strings) that have an open manual hold."""
    ids = [str(i) for i in object_ids]
    return set(
        LegalHold.objects.filter(
            record_type=record_type, object_id__in=ids, lifted_on__isnull=True
        ).values_list("object_id", flat=True)
    )


def disposed_ids(record_type: str) -> set[str]:
    return set(Disposal.objects.filter(record_type=record_type).values_list("object_id", flat=True))


def lock_pending_erasure(request_id) -> ErasureRequest:
    """The pending request, row-locked; RecordNotFound if there is none (decided, or no such).

    Scope is not checked here: the caller locks the request's person with its own access
    function, which is the check."""
    request_id = getattr(request_id, "pk", request_id)
    found = (
        ErasureRequest.objects.select_for_update()
        .filter(pk=request_id, status=ErasureRequest.Status.PENDING)
        .first()
    )
    if found is None:
        raise RecordNotFound
    return found


def visible_holds(user, action: str = "view") -> QuerySet:
    """Holds placed on the records of the user's agency (the hold keeps the record's agency,
    or the placing agency's for a record of no agency)."""
    return scoped(LegalHold.objects.all(), user, Resource.HOLD, action, agency_field="agency_id")


def lock_open_hold(user, hold_id) -> LegalHold:
    """An open hold the user may lift, row-locked; RecordNotFound otherwise (lifted, another
    agency's, or none)."""
    try:
        found = (
            visible_holds(user, "change")
            .select_for_update()
            .filter(pk=hold_id, lifted_on__isnull=True)
            .first()
        )
    except (ValueError, TypeError):
        found = None
    if found is None:
        raise RecordNotFound
    return found


def visible_erasures(user, action: str = "view") -> QuerySet:
    """Erasure requests about the persons of the user's agency (a supervisor), or the ones
    the user asked for (OWN: case workers and investigators)."""
    return scoped(
        ErasureRequest.objects.all(),
        user,
        Resource.ERASURE,
        action,
        agency_field="agency_id",
        owner_fields=("requested_by",),
    )
