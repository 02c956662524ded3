"""Reading retention state: open holds, pending erasure requests, what is already disposed of.

Other apps (the cases app's erasure, the retention rules' hold checks) read through here.
"""

from collections.abc import Iterable

from rihai.accounts.access import RecordNotFound

from .models import Disposal, ErasureRequest, LegalHold


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
