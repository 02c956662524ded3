"""Steps that other apps' actions run inside their own transaction to record retention state.

Not actions: they change only the operations app's bookkeeping rows, and only as part of the
calling action (``rihai.cases.erasure.do_erase_person``), which writes the audit row.
"""

from django.utils import timezone

from .erasure_ledger import record_on_commit
from .models import Disposal, ErasureRequest


def record_disposal(*, record_type: str, object_ids, disposal: str) -> None:
    """Notes the records as disposed of, so that ``purge`` never touches them again."""
    for object_id in object_ids:
        Disposal.objects.get_or_create(
            record_type=record_type, object_id=str(object_id), defaults={"disposal": disposal}
        )


def close_erasure_request(request: ErasureRequest, *, decided_by, erased_ids=None) -> None:
    """Marks the request carried out and, once committed, writes the erasure to the ledger
    outside the database (``erasure_ledger``), so a restore of an older backup replays it."""
    if erased_ids is None:
        # Imported here: the cases app's erasure imports this module.
        from rihai.cases.erasure import same_human

        erased_ids = same_human(request.person_id)
    record_on_commit(request_id=request.pk, person_ids=erased_ids)
    request.status = ErasureRequest.Status.ERASED
    request.decided_by = decided_by
    request.decided_on = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_on"])
