"""Signed checkpoints of the chain's head, kept outside the database.

A checkpoint says "on <time>, row <id> of the audit chain had hash <hash>", signed with an
Ed25519 key from the environment (``keys.py`` says why Ed25519). Checkpoints are appended, one
JSON line each, to ``checkpoints.jsonl`` in ``AUDIT_CHECKPOINT_DIR``: a directory on the
application server (or mounted write-once storage), which someone who can only write to the
database cannot change. ``verify_checkpoints`` then catches what the chain alone cannot: a
chain rewritten or truncated by someone who also knew (or guessed) the chain key contradicts
every checkpoint written before the rewrite.

Written by ``manage.py audit_checkpoint`` (cron or a periodic task) and, when
``AUDIT_CHECKPOINT_EVERY`` is set, after every N-th row commits.
"""

import base64
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from django.conf import settings
from django.utils import timezone

from .chain import ChainProblem
from .keys import checkpoint_verify_keys, signing_checkpoint_key
from .models import AuditChainHead, AuditLog

logger = logging.getLogger(__name__)

FILE_NAME = "checkpoints.jsonl"
FORMAT_VERSION = 1


class CheckpointRefused(Exception):
    """The chain no longer matches the last checkpoint: anchoring it now would bless a rewrite."""


@dataclass(frozen=True)
class Checkpoint:
    line: int
    row_id: int
    row_hash: str
    time: str
    key_id: str
    signature: str


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / FILE_NAME


def _signed_message(row_id: int, row_hash: str, time: str, key_id: str) -> bytes:
    body = {"v": FORMAT_VERSION, "row": row_id, "hash": row_hash, "time": time, "key": key_id}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def read_checkpoints() -> tuple[list[Checkpoint], list[ChainProblem]]:
    """Every checkpoint in the file, and a problem for each line that cannot be read."""
    path = checkpoint_path()
    if not path.exists():
        return [], []
    found, problems = [], []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                data = json.loads(line)
                found.append(
                    Checkpoint(
                        line=number,
                        row_id=int(data["row"]),
                        row_hash=str(data["hash"]),
                        time=str(data["time"]),
                        key_id=str(data["key"]),
                        signature=str(data["sig"]),
                    )
                )
            except (ValueError, KeyError, TypeError):
                problems.append(ChainProblem(None, "cannot be read", checkpoint=number))
    return found, problems


def _latest_checkpoint() -> Checkpoint | None:
    found, _problems = read_checkpoints()
    return max(found, key=lambda c: c.row_id, default=None)


def write_checkpoint(*, row_id: int | None = None, row_hash: str | None = None):
    """Appends a signed checkpoint of ``row_id`` (default: the committed head); returns it,
    or None when the chain is empty. Refuses if the chain contradicts the latest checkpoint."""
    if row_id is None:
        head = AuditChainHead.objects.get(id=1)
        row_id, row_hash = head.last_id, head.last_hash
    if not row_id:
        return None
    latest = _latest_checkpoint()
    if latest is not None:
        anchored = AuditLog.objects.filter(id=latest.row_id).values_list("hash", flat=True).first()
        if anchored != latest.row_hash:
            raise CheckpointRefused(
                f"row {latest.row_id} no longer matches checkpoint {latest.line}; "
                "run audit_verify before anchoring the chain again"
            )
    key_id, private_key = signing_checkpoint_key()
    time = timezone.now().isoformat()
    signature = private_key.sign(_signed_message(row_id, row_hash, time, key_id))
    line = json.dumps(
        {
            "v": FORMAT_VERSION,
            "row": row_id,
            "hash": row_hash,
            "time": time,
            "key": key_id,
            "sig": base64.b64encode(signature).decode(),
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: a single short write is appended whole, even with several processes writing.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return row_id


def write_checkpoint_quietly(*, row_id: int, row_hash: str) -> None:
    """For ``on_commit``: the row is already committed, so a checkpoint that cannot be written
    is logged loudly rather than failing the user's request; the next periodic run retries."""
    try:
        write_checkpoint(row_id=row_id, row_hash=row_hash)
    except Exception:  # noqa: BLE001 - never fail a committed request; logged for operators
        logger.exception("audit checkpoint for row %s was not written", row_id)


def _signature_ok(checkpoint: Checkpoint, keys) -> bool:
    key = keys.get(checkpoint.key_id)
    if key is None:
        return False
    try:
        key.verify(
            base64.b64decode(checkpoint.signature),
            _signed_message(
                checkpoint.row_id, checkpoint.row_hash, checkpoint.time, checkpoint.key_id
            ),
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def verify_checkpoints() -> tuple[int, ChainProblem | None]:
    """(number of checkpoints, the first problem or None).

    A checkpoint that is unreadable or badly signed is named by its line; a chain that
    contradicts a checkpoint is named by the lowest contradicted row, with the last row
    that still matched, so the rewrite is located between the two.
    """
    checkpoints, problems = read_checkpoints()
    if problems:
        return len(checkpoints), problems[0]
    keys = checkpoint_verify_keys()
    for checkpoint in checkpoints:
        if checkpoint.key_id not in keys:
            return len(checkpoints), ChainProblem(
                checkpoint.row_id,
                f"is signed with key {checkpoint.key_id!r}, which is not configured",
                checkpoint=checkpoint.line,
            )
        if not _signature_ok(checkpoint, keys):
            return len(checkpoints), ChainProblem(
                checkpoint.row_id,
                "its signature does not match: the checkpoint was altered or forged",
                checkpoint=checkpoint.line,
            )
    last_id = AuditLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    matched = 0
    ordered = sorted(checkpoints, key=lambda c: (c.row_id, c.line))
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        hashes = dict(
            AuditLog.objects.filter(id__in={c.row_id for c in chunk}).values_list("id", "hash")
        )
        for checkpoint in chunk:
            actual = hashes.get(checkpoint.row_id)
            if actual == checkpoint.row_hash:
                matched = checkpoint.row_id
                continue
            if actual is None and checkpoint.row_id > last_id:
                reason = (
                    f"the chain ends at row {last_id} but was anchored at row "
                    f"{checkpoint.row_id} on {checkpoint.time}: rows were removed"
                )
            else:
                reason = (
                    f"does not match the checkpoint signed on {checkpoint.time}: the chain was "
                    f"rewritten after row {matched} and at or before row {checkpoint.row_id}"
                )
            return len(checkpoints), ChainProblem(
                checkpoint.row_id, reason, checkpoint=checkpoint.line
            )
    return len(checkpoints), None
