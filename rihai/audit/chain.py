"""Computing and checking the audit hash chain."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC

from .models import GENESIS_HASH, AuditChainHead, AuditLog

HASHED_FIELDS = (
    "id",
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


def canonical_content(row: AuditLog) -> str:
    """The row as canonical JSON: sorted keys, no spaces, UTC timestamp with microseconds."""
    values = {name: getattr(row, name) for name in HASHED_FIELDS}
    values["event_time"] = row.event_time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(
        values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def compute_hash(prev_hash: str, row: AuditLog) -> str:
    return hashlib.sha256((prev_hash + canonical_content(row)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    row_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row_id}" if self.row_id is not None else "chain head"
        return f"{where}: {self.reason}"


def verify_chain(rows: Iterable[AuditLog] | None = None, *, head: AuditChainHead | None = None):
    """Returns the first problem found in the chain, or None if it is intact.

    Catches a changed row (its hash no longer matches), an inserted or deleted row (the next
    row's ``prev_hash`` no longer matches, or ids jump), and rows removed from the end (the
    chain head names a later row than the last one present).
    """
    if rows is None:
        rows = AuditLog.objects.order_by("id").iterator(chunk_size=2000)
    prev_hash, prev_id = GENESIS_HASH, 0
    for row in rows:
        # Ids are assigned by the chain itself (head + 1), never by a database sequence,
        # so a gap always means removed rows, never a rolled-back transaction.
        if row.id != prev_id + 1:
            return ChainProblem(row.id, f"rows after {prev_id} and before {row.id} are missing")
        if row.prev_hash != prev_hash:
            return ChainProblem(
                row.id, "does not link to the row before it: that row was changed or replaced"
            )
        if compute_hash(prev_hash, row) != row.hash:
            return ChainProblem(row.id, "its content does not match its hash: it was changed")
        prev_hash, prev_id = row.hash, row.id
    if head is None:
        head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_id != prev_id or head.last_hash != prev_hash):
        return ChainProblem(
            None,
            f"the head names row {head.last_id} but the chain ends at row "
            f"{prev_id}: rows at the end were removed or the head was altered",
        )
    return None
