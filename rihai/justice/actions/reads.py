"""The audit row written when a page or an answer shows personal data."""

from rihai.audit.journal import record_read


def log_personal_data_view(user, obj=None, *, object_type: str = "", listed_ids=None) -> None:
    """One audit row per page or answer that shows personal data."""
    if obj is not None:
        record_read(event="record-viewed", acting_user=user, obj=obj)
    else:
        record_read(
            event="record-listed",
            acting_user=user,
            object_type=object_type,
            extra={"ids": list(listed_ids or [])[:100], "count": len(listed_ids or [])},
        )
