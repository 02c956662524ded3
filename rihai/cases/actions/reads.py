"""The audit row every view of personal data leaves (a page of a list counts once)."""

from rihai.accounts.models import User
from rihai.audit.journal import record_read
from rihai.audit.models import AuditEvent


def log_personal_data_view(user: User, obj, *, listed_ids: list[int] | None = None) -> None:
    """Every view of personal data leaves an audit row: one per detail, one per page of a list."""
    if listed_ids is not None:
        record_read(
            event=AuditEvent.RECORD_LISTED,
            acting_user=user,
            object_type=obj,
            extra={"ids": listed_ids[:100], "count": len(listed_ids)},
        )
    else:
        record_read(event=AuditEvent.RECORD_VIEWED, acting_user=user, obj=obj)
