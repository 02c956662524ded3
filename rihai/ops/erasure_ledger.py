"""The erasure ledger: every erasure of a person, appended outside the database, so that
restoring an older backup cannot bring an erased person back.

An erasure changes the database; a backup made before it still holds the person's data, and
restoring that backup (a lost server, a rollback) would undo the erasure silently. So each
erasure is also written, once committed, as one signed JSON line to ``erasures.jsonl`` in
``AUDIT_CHECKPOINT_DIR``: the external store that the audit checkpoints use, which the
database cannot write and a restore does not roll back (``restore`` keeps the server's own
files there, and merges in a backup's lines it lacks). After loading a backup, ``restore``
replays every erasure the restored database has not done (no ``Disposal`` row of kind
"erase" for the person), inside the restore's own transaction, with one audit row each, and
verifies the chain again.

A line holds ids only: the request, the persons erased (the person and the records merged
into them, as they were at the time), when, and an Ed25519 signature with the audit
checkpoint key, so whoever can write the directory cannot forge an erasure that a restore
would then carry out (a line that does not verify stops the restore, naming the line).

Not covered: a crash between the erasure's commit and the line's write loses that line (the
erasure itself stands and is logged as an error); ``manage.py erasure_ledger --sync`` writes
lines for erasures the database holds and the ledger lacks, and the nightly backup runs it.
"""

import base64
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

FILE_NAME = "erasures.jsonl"
FORMAT_VERSION = 1


class LedgerRefused(Exception):
    """A line of the ledger cannot be read or its signature does not verify."""


@dataclass(frozen=True)
class Erasure:
    line: int
    request: int | None
    persons: tuple[int, ...]
    time: str


def ledger_path() -> Path | None:
    directory = getattr(settings, "AUDIT_CHECKPOINT_DIR", None)
    return Path(directory) / FILE_NAME if directory else None


def _message(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def line_for(*, request_id, person_ids, time: str | None = None) -> str:
    from rihai.audit.keys import signing_checkpoint_key

    key_id, private_key = signing_checkpoint_key()
    body = {
        "v": FORMAT_VERSION,
        "kind": "erasure",
        "request": request_id,
        "persons": sorted(int(p) for p in person_ids),
        "time": time or timezone.now().isoformat(),
        "key": key_id,
    }
    signature = base64.b64encode(private_key.sign(_message(body))).decode()
    return json.dumps({**body, "sig": signature}, sort_keys=True, separators=(",", ":"))


def append_lines(lines: list[str]) -> None:
    path = ledger_path()
    if path is None or not lines:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: each short write lands whole at the end, whatever other processes write.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        for line in lines:
            os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _append_quietly(request_id, person_ids) -> None:
    """For ``on_commit``: the erasure is committed; a ledger that cannot be written is logged
    loudly (``erasure_ledger --sync`` repairs it) rather than failing the supervisor's page."""
    try:
        append_lines([line_for(request_id=request_id, person_ids=person_ids)])
    except Exception:  # noqa: BLE001 - never fail a committed erasure; logged for operators
        logger.exception("erasure ledger: request %s was not written", request_id)


def record_on_commit(*, request_id, person_ids) -> None:
    """Called inside the erasing transaction; writes the line once it has committed."""
    if ledger_path() is None:
        return
    ids = list(person_ids)
    transaction.on_commit(lambda: _append_quietly(request_id, ids))


def parse_lines(text: str) -> list[Erasure]:
    """The erasures in ``text``; LedgerRefused at the first line that does not verify."""
    from rihai.audit.keys import checkpoint_verify_keys

    keys = checkpoint_verify_keys()
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            signature = base64.b64decode(data.pop("sig"))
            key = keys.get(data["key"])
            if key is None:
                raise LedgerRefused(
                    f"{FILE_NAME} line {number} is signed with key {data['key']!r}, which is "
                    "not configured (AUDIT_CHECKPOINT_KEYS or AUDIT_CHECKPOINT_PUBLIC_KEYS)"
                )
            key.verify(signature, _message(data))
            found.append(
                Erasure(
                    line=number,
                    request=data.get("request"),
                    persons=tuple(int(p) for p in data["persons"]),
                    time=str(data["time"]),
                )
            )
        except LedgerRefused:
            raise
        except (ValueError, KeyError, TypeError, InvalidSignature) as error:
            raise LedgerRefused(
                f"{FILE_NAME} line {number} cannot be read or its signature does not match "
                f"({type(error).__name__}): it was altered or forged"
            ) from None
    return found


def read_ledger() -> list[Erasure]:
    path = ledger_path()
    if path is None or not path.exists():
        return []
    return parse_lines(path.read_text(encoding="utf-8"))


def merge_into_ledger(text: str) -> int:
    """Appends the lines of a backup's ledger that this server's ledger lacks (each verified);
    returns how many. The server's own lines stay first: they are its history."""
    incoming = [line for line in text.splitlines() if line.strip()]
    parse_lines("\n".join(incoming))
    path = ledger_path()
    present = set()
    if path is not None and path.exists():
        present = set(path.read_text(encoding="utf-8").splitlines())
    missing = [line for line in incoming if line not in present]
    append_lines(missing)
    return len(missing)
