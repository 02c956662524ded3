"""Computing and checking the audit chain.

Each row's ``hash`` is HMAC-SHA256, under a key kept outside the database
(``AUDIT_CHAIN_KEYS``), over the previous row's hash and this row's canonical content, and the
row names the key that signed it (``key_id``). Rows written before the chain was keyed have an
empty ``key_id`` and a plain SHA-256 hash; they are accepted only as a prefix of the chain up to
``AUDIT_CHAIN_LEGACY_UNTIL`` (a row id set in the environment when upgrading), so an attacker
cannot turn keyed rows back into unkeyed ones and recompute them.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings

from .keys import chain_keys
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


class UnknownChainKey(LookupError):
    """A row names a key id that is not among ``AUDIT_CHAIN_KEYS``."""


def canonical_content(row: AuditLog) -> str:
    """The row as canonical JSON: sorted keys, no spaces, UTC timestamp with microseconds.

    A keyed row also covers its ``key_id``; a legacy row's content is exactly what it was when
    it was written, so its old SHA-256 hash still verifies.
    """
    values = {name: getattr(row, name) for name in HASHED_FIELDS}
    values["event_time"] = row.event_time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if row.key_id:
        values["key_id"] = row.key_id
    return json.dumps(
        values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def compute_hash(prev_hash: str, row: AuditLog) -> str:
    """The row's hash: HMAC under the key its ``key_id`` names, or legacy SHA-256 without one."""
    message = (prev_hash + canonical_content(row)).encode("utf-8")
    if not row.key_id:
        return hashlib.sha256(message).hexdigest()
    secret = chain_keys().get(row.key_id)
    if secret is None:
        raise UnknownChainKey(row.key_id)
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def legacy_until() -> int:
    """The last row id that may be an unkeyed legacy row (0: none may)."""
    return int(getattr(settings, "AUDIT_CHAIN_LEGACY_UNTIL", 0) or 0)


@dataclass(frozen=True)
class ChainProblem:
    row_id: int | None
    reason: str
    checkpoint: int | None = None  # line number in the checkpoint file, when one is at fault

    def __str__(self) -> str:
        if self.checkpoint is not None:
            where = f"checkpoint {self.checkpoint}"
            if self.row_id is not None:
                where += f" (row {self.row_id})"
        else:
            where = f"row {self.row_id}" if self.row_id is not None else "chain head"
        return f"{where}: {self.reason}"


def _row_problem(row: AuditLog, prev_id: int, prev_hash: str, legacy_limit: int):
    # Ids are assigned by the chain itself (head + 1), never by a database sequence,
    # so a gap always means removed rows, never a rolled-back transaction.
    if row.id != prev_id + 1:
        return ChainProblem(row.id, f"rows after {prev_id} and before {row.id} are missing")
    if row.prev_hash != prev_hash:
        return ChainProblem(
            row.id, "does not link to the row before it: that row was changed or replaced"
        )
    if not row.key_id and row.id > legacy_limit:
        return ChainProblem(
            row.id,
            "is unkeyed (plain SHA-256) after the switch-over to the keyed chain "
            f"(AUDIT_CHAIN_LEGACY_UNTIL={legacy_limit}): it was forged or rewritten",
        )
    try:
        expected = compute_hash(prev_hash, row)
    except UnknownChainKey:
        return ChainProblem(
            row.id, f"is signed with key {row.key_id!r}, which is not in AUDIT_CHAIN_KEYS"
        )
    if not hmac.compare_digest(expected, row.hash):
        return ChainProblem(row.id, "its content does not match its hash: it was changed")
    return None


def _upgrade_hint(problem: ChainProblem) -> ChainProblem:
    """The chain starts with unkeyed rows: perhaps a deployment upgraded without recording its
    switch-over. Say where the unkeyed rows end; only the operator knows if that is the upgrade."""
    last = AuditLog.objects.filter(key_id="").order_by("-id").values_list("id", flat=True).first()
    return ChainProblem(
        problem.row_id,
        f"{problem.reason}. If rows up to {last} were written before this deployment's "
        f"upgrade to the keyed chain, set AUDIT_CHAIN_LEGACY_UNTIL={last}",
    )


def verify_chain(rows: Iterable[AuditLog] | None = None, *, head: AuditChainHead | None = None):
    """Returns the first problem found in the chain, or None if it is intact.

    Catches a changed row (its hash no longer matches), an inserted or deleted row (the next
    row's ``prev_hash`` no longer matches, or ids jump), a row re-hashed without the key (its
    HMAC does not match, or it claims to be a legacy row after the switch-over), and rows
    removed from the end (the chain head names a later row than the last one present). A
    rewrite by someone holding the key is caught by the checkpoints (``checkpoints.py``).
    """
    if rows is None:
        rows = AuditLog.objects.order_by("id").iterator(chunk_size=2000)
    prev_hash, prev_id = GENESIS_HASH, 0
    legacy_limit = legacy_until()
    for row in rows:
        problem = _row_problem(row, prev_id, prev_hash, legacy_limit)
        if problem is not None:
            if not row.key_id and row.id > legacy_limit and prev_id == legacy_limit:
                problem = _upgrade_hint(problem)
            return problem
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
