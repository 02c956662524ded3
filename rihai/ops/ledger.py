"""Steps that other apps' actions run inside their own transaction to record retention state.

Not actions: they change only the operations app's bookkeeping rows, and only as part of the
calling action (``rihai.cases.erasure.do_erase_person``), which writes the audit row.
"""

from django.utils import timezone

from .erasure_ledger import record_on_commit
from .models import Disposal, ErasureRequest


def record_disposal(*, record_type: str, object_ids, disposal: str, to_ledger=True) -> None:
    """Notes the records as disposed of, so that ``purge`` never touches them again.

    An erasure is also written, once committed, to the erasure ledger outside the database
    (``erasure_ledger``), so that a restore of an older backup replays it; the replay itself
    passes ``to_ledger=False`` (the line is already there)."""
    ids = [str(object_id) for object_id in object_ids]
    for object_id in ids:
        Disposal.objects.get_or_create(
            record_type=record_type, object_id=object_id, defaults={"disposal": disposal}
        )
    if disposal == "erase" and to_ledger:
        request = (
            ErasureRequest.objects.filter(person_id__in=ids, status=ErasureRequest.Status.PENDING)
            .values_list("pk", flat=True)
            .first()
        )
        record_on_commit(request_id=request, person_ids=ids)


def close_erasure_request(request: ErasureRequest, *, decided_by) -> None:
    request.status = ErasureRequest.Status.ERASED
    request.decided_by = decided_by
    request.decided_on = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_on"])
