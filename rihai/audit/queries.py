"""Reading the audit log: auditors and supervisors only, checked by the caller."""

from .models import AuditLog


def audit_rows_for_object(object_type: str, object_id) -> list[AuditLog]:
    return list(AuditLog.objects.filter(object_type=object_type, object_id=str(object_id)))
