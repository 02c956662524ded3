"""Steps that other apps' actions run inside their own transaction to record retention state.

Not actions: they change only the operations app's bookkeeping rows, and only as part of the
calling action (``rihai.cases.erasure.do_erase_person``), which writes the audit row.
"""

from django.utils import timezone

from .models import Disposal, ErasureRequest


def record_disposal(*, record_type: str, object_ids, disposal: str) -> None:
    """Notes the records as disposed of, so that ``purge`` never touches them again."""
    for object_id in object_ids:
        Disposal.objects.get_or_create(
            record_type=record_type, object_id=str(object_id), defaults={"disposal": disposal}
        )


def close_erasure_request(request: ErasureRequest, *, decided_by) -> None:
    request.status = ErasureRequest.Status.ERASED
    request.decided_by = decided_by
    request.decided_on = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_on"])
