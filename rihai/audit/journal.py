"""Views of personal data: audited in the reader's transaction, chained later, never lost.

Writes append to the chain under its head lock (``actions.record_audit``), so they queue one
behind another. Reads are far more frequent and change nothing, so they must not queue there:
``record_read`` appends one ``AuditJournal`` row in the reader's own transaction (the view
commits with its audit row, or neither does) and takes no lock that anyone else holds. The
sealer (``seal_journal``: after the read commits, from the ``rihai.audit.seal_journal`` task
and from ``manage.py audit_seal``) then moves journal rows into the chain in id order and
deletes them, in one transaction, so a row is either in the journal or in the chain.

``verify_journal`` (run by ``audit_verify``) checks each waiting row's HMAC and names rows
that have waited longer than ``AUDIT_JOURNAL_MAX_UNSEALED_SECONDS``.
"""

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from rihai.core import request_context

from .actions import _check_event, _check_extra, _checkpoint_on_commit
from .chain import compute_hash
from .keys import chain_keys, signing_chain_key
from .models import AuditChainHead, AuditEvent, AuditJournal, AuditLog

logger = logging.getLogger("rihai.audit.journal")

# The columns a journal row carries into the chain (the chain adds id, key and links).
CARRIED_FIELDS = (
    "event_time",
    "event",
    "acting_user_id",
    "acting_username",
    "agency_id",
    "object_type",
    "object_id",
    "interface",
    "ip_address",
    "request_id",
    "extra",
)
# A journal MAC is never a valid chain hash: the chain's input starts with 64 hex digits.
_MAC_DOMAIN = b"rihai-audit-journal:"


def _content(row: AuditJournal) -> bytes:
    values = {name: getattr(row, name) for name in CARRIED_FIELDS}
    values["event_time"] = row.event_time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    values["key_id"] = row.key_id
    text = json.dumps(
        values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return _MAC_DOMAIN + text.encode("utf-8")


def journal_mac(row: AuditJournal, secret: bytes) -> str:
    return hmac.new(secret, _content(row), hashlib.sha256).hexdigest()


def mac_matches(row: AuditJournal) -> bool:
    secret = chain_keys().get(row.key_id)
    return secret is not None and hmac.compare_digest(journal_mac(row, secret), row.mac)


def record_read(
    *,
    event: AuditEvent | str,
    acting_user=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    agency_id: int | None = None,
    extra: dict | None = None,
) -> AuditJournal:
    """Audits a view of personal data without the chain's head lock (same arguments as
    ``record_audit``). Joins the caller's transaction; the sealer chains the row after commit."""
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
    key_id, secret = signing_chain_key()  # no key, no row: the read fails closed
    row = AuditJournal(
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
    )
    row.mac = journal_mac(row, secret)
    row.save(force_insert=True)
    _schedule_seal()
    return row


# ---------------------------------------------------------------- sealing

SEAL_TASK = "rihai.audit.seal_journal"
_last_enqueued = 0.0


def _schedule_seal() -> None:
    """``AUDIT_JOURNAL_SEAL``: "now" seals inside the reading transaction (the test suite,
    whose transactions never commit), "commit" right after the read commits (eager Celery,
    the laptop), "worker" asks a worker at most every few seconds per process (production;
    celery beat also runs the sealer, so nothing waits long if a request is lost)."""
    mode = settings.AUDIT_JOURNAL_SEAL
    if mode == "now":
        seal_journal_quietly()
    elif mode == "commit":
        transaction.on_commit(seal_journal_quietly, robust=True)
    elif mode == "worker":
        transaction.on_commit(_enqueue_seal, robust=True)


def _enqueue_seal() -> None:
    global _last_enqueued
    now = time.monotonic()
    if now - _last_enqueued < settings.AUDIT_JOURNAL_ENQUEUE_EVERY_SECONDS:
        return
    _last_enqueued = now
    from config.celery import app

    try:
        app.send_task(SEAL_TASK)  # by name: tasks.py imports this module
    except Exception:  # noqa: BLE001 - the row is safe in the journal; beat will seal it
        logger.exception("could not ask a worker to seal the audit journal")


def seal_journal_quietly() -> int:
    """Seals what it can; a failure is logged and left for the next run, never raised into
    the read that triggered it (its journal row is already committed)."""
    try:
        return seal_journal()
    except Exception:  # noqa: BLE001
        logger.exception("sealing the audit journal failed; rows stay in the journal")
        return 0


def _allow_sealer_delete() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Transaction-local: the journal's trigger lets this transaction delete rows.
            cursor.execute("SET LOCAL rihai.audit_sealer = 'on'")


def _delete_sealed(ids: list[int]) -> None:
    _allow_sealer_delete()
    with connection.cursor() as cursor:
        placeholders = ",".join(["%s"] * len(ids))
        cursor.execute(f"DELETE FROM audit_auditjournal WHERE id IN ({placeholders})", ids)  # noqa: S608


def _chain_row(entry: AuditJournal, *, row_id: int, prev_hash: str, key_id: str) -> AuditLog:
    row = AuditLog(id=row_id, key_id=key_id, prev_hash=prev_hash)
    for name in CARRIED_FIELDS:
        setattr(row, name, getattr(entry, name))
    row.hash = compute_hash(prev_hash, row)
    return row


def seal_journal(*, batch: int = 500, wait: bool = False) -> int:
    """Moves waiting journal rows into the chain, oldest id first; returns how many.

    Takes the head with ``skip_locked`` unless ``wait``: when a writer or another sealer
    holds it, this run does nothing and the rows wait for the next one (a read never waits
    for the head, not even through its sealer). Stops before a row whose MAC does not match,
    so a changed row is never laundered into the chain; ``audit_verify`` names it.
    """
    total = 0
    while True:
        sealed, more = _seal_batch(batch, wait=wait)
        total += sealed
        if not more:
            return total


def _seal_batch(batch: int, *, wait: bool) -> tuple[int, bool]:
    """One transaction: (rows sealed, whether another batch may be waiting)."""
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update(skip_locked=not wait).filter(id=1).first()
        if head is None:
            return 0, False
        entries = list(AuditJournal.objects.order_by("id")[:batch])
        key_id, _secret = signing_chain_key()
        rows: list[AuditLog] = []
        last_id, last_hash = head.last_id, head.last_hash
        for entry in entries:
            if not mac_matches(entry):
                logger.error("audit journal row %s does not match its MAC; sealing stops", entry.id)
                break
            row = _chain_row(entry, row_id=last_id + 1, prev_hash=last_hash, key_id=key_id)
            rows.append(row)
            last_id, last_hash = row.id, row.hash
        if not rows:
            return 0, False
        AuditLog.objects.bulk_create(rows)
        AuditChainHead.objects.filter(id=1).update(last_id=last_id, last_hash=last_hash)
        _delete_sealed([entry.id for entry in entries[: len(rows)]])
        for row in rows:
            _checkpoint_on_commit(row)
        return len(rows), len(rows) == batch


# ---------------------------------------------------------------- checking


def backlog() -> tuple[int, float]:
    """Rows waiting and the age in seconds of the oldest (0 when none wait)."""
    count = AuditJournal.objects.count()
    oldest = AuditJournal.objects.order_by("id").values_list("event_time", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return count, max(age, 0.0)


@dataclass(frozen=True)
class JournalProblem:
    row_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"journal row {self.row_id}" if self.row_id is not None else "journal"
        return f"{where}: {self.reason}"


def verify_journal(*, max_unsealed_seconds: int | None = None) -> list[JournalProblem]:
    """Problems with rows still waiting: a MAC that does not match (the row was changed), and
    rows older than the bound (the sealer is not running or is stuck)."""
    if max_unsealed_seconds is None:
        max_unsealed_seconds = settings.AUDIT_JOURNAL_MAX_UNSEALED_SECONDS
    problems = []
    cutoff = timezone.now() - timedelta(seconds=max_unsealed_seconds)
    stale = 0
    for entry in AuditJournal.objects.order_by("id").iterator(chunk_size=2000):
        if not mac_matches(entry):
            problems.append(
                JournalProblem(entry.id, "does not match its MAC: it was changed before sealing")
            )
        if entry.event_time < cutoff:
            stale += 1
    if stale:
        problems.append(
            JournalProblem(
                None,
                f"{stale} journal rows have waited more than {max_unsealed_seconds} s to be "
                "sealed: is the sealer (celery beat, audit_seal) running?",
            )
        )
    return problems
