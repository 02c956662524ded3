"""Writing audit rows. Every action that changes data or shows personal data calls
``record_audit`` inside its own transaction, so the change and its audit row commit together."""

from django.conf import settings
from django.db import models, transaction

from rihai.core import request_context
from rihai.core.plugins import audit_events

from .chain import compute_hash
from .keys import signing_chain_key
from .models import AuditChainHead, AuditEvent, AuditLog

_ALLOWED_EXTRA_TYPES = (int, float, bool, type(None))
_MAX_EXTRA_STRING = 80


class PersonalDataInAuditError(ValueError):
    """``extra`` held something that looks like free text; audit rows carry ids and codes only."""


class UnknownAuditEventError(LookupError):
    """The event code is declared by no installed app's ``plugin.py``: a programming error."""


def _check_event(event: str) -> None:
    if event not in audit_events():
        raise UnknownAuditEventError(
            f"audit event {event!r} is not declared by any installed app's plugin.py"
        )


def _check_extra(extra: dict) -> None:
    for key, value in extra.items():
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, _ALLOWED_EXTRA_TYPES):
                continue
            if isinstance(item, str) and len(item) <= _MAX_EXTRA_STRING and "\n" not in item:
                continue
            raise PersonalDataInAuditError(
                f"audit extra[{key!r}] must be ids, codes or numbers, not free text"
            )


def record_audit(
    *,
    event: AuditEvent | str,
    acting_user=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    agency_id: int | None = None,
    extra: dict | None = None,
) -> AuditLog:
    """Appends one row to the chain. Joins the caller's transaction if there is one."""
    event = str(event)
    _check_event(event)
    extra = dict(extra or {})
    _check_extra(extra)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    if acting_user is not None and not acting_user.is_authenticated:
        acting_user = None
    if agency_id is None and acting_user is not None:
        agency_id = getattr(acting_user, "agency_id", None)
    context = request_context.current()
    key_id, _secret = signing_chain_key()  # before the lock: no key, no row (fail closed)
    with transaction.atomic():
        # The head row is the lock: concurrent writers queue here, so the chain never forks.
        head = AuditChainHead.objects.select_for_update().get(id=1)
        row = AuditLog(
            id=head.last_id + 1,
            event=event,
            acting_user=acting_user,
            acting_username=acting_user.get_username() if acting_user else "",
            agency_id=agency_id,
            object_type=object_type,
            object_id=str(object_id) if object_id != "" else "",
            interface=context.interface,
            ip_address=context.ip_address,
            request_id=context.request_id,
            extra=extra,
            key_id=key_id,
            prev_hash=head.last_hash,
        )
        row.hash = compute_hash(head.last_hash, row)
        row.save(force_insert=True)
        AuditChainHead.objects.filter(id=1).update(last_id=row.id, last_hash=row.hash)
        _checkpoint_on_commit(row)
    return row


def _checkpoint_on_commit(row: AuditLog) -> None:
    """Every ``AUDIT_CHECKPOINT_EVERY`` rows (0: never), anchor this row outside the database
    once it has committed; the periodic ``audit_checkpoint`` command covers the rows between."""
    every = int(getattr(settings, "AUDIT_CHECKPOINT_EVERY", 0) or 0)
    if every <= 0 or row.id % every:
        return
    from .checkpoints import write_checkpoint_quietly

    row_id, row_hash = row.id, row.hash
    transaction.on_commit(lambda: write_checkpoint_quietly(row_id=row_id, row_hash=row_hash))
