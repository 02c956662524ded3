"""Loading a verified backup into an empty database, then proving the result.

Refuses before touching anything when the backup fails verification, when the database is
not empty (it has users or audit rows) or when its migrations differ from the backup's. Then,
in one transaction: clear the reference rows that migrations seeded, insert every table,
re-check each part's hash while reading it, reset sequences, verify the audit chain and the
known checkpoints. Any failure rolls the whole restore back.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction

from .. import erasure_ledger
from . import tables
from .archive import BackupRefused
from .bundle import (
    MANIFEST,
    SIGNATURE,
    applied_migrations,
    file_roots,
    files_under,
    parts,
    verify_backup,
)


@dataclass
class RestoreReport:
    manifest: dict
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    checkpoints_kept: bool = False
    newest_checkpoint_row: int | None = None
    erasures_replayed: list[int] = field(default_factory=list)  # person ids erased again

    @property
    def backup_head(self) -> int:
        return int(self.manifest["audit_head"]["last_id"])

    @property
    def is_rollback(self) -> bool:
        """The audit trail anchored outside the database goes further than this backup."""
        return (
            self.newest_checkpoint_row is not None and self.newest_checkpoint_row > self.backup_head
        )


def known_checkpoints(directory: Path | None) -> dict[int, str]:
    """{audit row id: hash} from every JSON-lines checkpoint file in ``directory``."""
    found: dict[int, str] = {}
    if directory is None:
        return found
    for path in files_under(directory):
        if path.suffix != ".jsonl":
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                data = json.loads(line)
                found[int(data["row"])] = str(data["hash"])
            except (ValueError, KeyError, TypeError):
                continue
    return found


def ensure_empty_database() -> None:
    users = get_user_model()._base_manager.count()
    audit_rows = (
        apps.get_model("audit", "AuditLog")._base_manager.count()
        if apps.is_installed("rihai.audit")
        else 0
    )
    if users or audit_rows:
        raise BackupRefused(
            f"the database is not empty ({users} users, {audit_rows} audit rows): restore only "
            "into a new database that has been migrated and never used"
        )
    media = file_roots().get("media")
    if media is not None and files_under(media):
        raise BackupRefused(
            "MEDIA_ROOT is not empty: restore uploaded files only into an empty one"
        )


def ensure_same_migrations(manifest: dict) -> None:
    wanted = {tuple(m) for m in manifest["migrations"]}
    present = {tuple(m) for m in applied_migrations()}
    if wanted != present:
        missing = sorted(".".join(m) for m in wanted - present)[:5]
        extra = sorted(".".join(m) for m in present - wanted)[:5]
        raise BackupRefused(
            "the database's migrations differ from the backup's (missing "
            f"{missing or 'none'}, extra {extra or 'none'}): restore with the release that made "
            "the backup, then migrate forward"
        )


def _models_for(manifest: dict) -> dict[str, type]:
    installed = {m._meta.label_lower: m for m in tables.backed_up_models()}
    found = {}
    for entry in manifest["tables"]:
        model = installed.get(entry["model"])
        if model is None:
            raise BackupRefused(f"the backup holds {entry['model']}, which is not installed here")
        if entry["columns"] != [f.column for f in tables.columns(model)]:
            raise BackupRefused(f"the columns of {entry['model']} differ from the backup's")
        found[entry["part"]] = model
    return found


class _HashingLines:
    """Iterates a part's lines while hashing them, so the second read is checked too."""

    def __init__(self, stream):
        self.stream, self.digest = stream, hashlib.sha256()

    def __iter__(self):
        for line in self.stream:
            self.digest.update(line)
            yield line


def restore_backup(path: Path) -> RestoreReport:
    manifest = verify_backup(path)
    ensure_same_migrations(manifest)
    ensure_empty_database()
    report = RestoreReport(manifest=manifest)
    roots = file_roots()
    existing_checkpoints = known_checkpoints(roots.get("checkpoints"))
    report.checkpoints_kept = bool(existing_checkpoints)
    models_by_part = _models_for(manifest)
    expected = {e["part"]: e for e in manifest["tables"] + manifest["files"]}
    written: list[Path] = []
    try:
        with transaction.atomic():
            for model in models_by_part.values():
                tables.clear_table(model)
            with parts(path) as found:
                for part in found:
                    if part.name in (MANIFEST, SIGNATURE):
                        continue
                    entry = expected.get(part.name)
                    if entry is None:
                        raise BackupRefused(f"part {part.name} changed since it was verified")
                    if part.name in models_by_part:
                        lines = _HashingLines(part.stream)
                        count = tables.load_rows(models_by_part[part.name], lines)
                        digest = lines.digest.hexdigest()
                        report.rows[entry["model"]] = count
                        if count != entry["rows"]:
                            raise BackupRefused(
                                f"{entry['model']}: {count} rows, manifest says {entry['rows']}"
                            )
                    else:
                        prefix, _, relative = part.name.partition("/")
                        if prefix == "checkpoints" and relative == erasure_ledger.FILE_NAME:
                            digest = _merge_erasure_ledger(part.stream)
                            if digest != entry["sha256"]:
                                raise BackupRefused(
                                    f"part {part.name} changed since it was verified"
                                )
                            continue
                        if prefix == "checkpoints" and report.checkpoints_kept:
                            continue  # the checkpoints here are newer evidence: keep them
                        root = roots.get(prefix)
                        if root is None:
                            continue  # this deployment keeps no such files
                        target = root / relative
                        target.parent.mkdir(parents=True, exist_ok=True)
                        digest_obj = hashlib.sha256()
                        with target.open("xb") as out:
                            written.append(target)
                            while chunk := part.stream.read(1024 * 1024):
                                digest_obj.update(chunk)
                                out.write(chunk)
                        digest = digest_obj.hexdigest()
                        report.files += 1
                    if digest != entry["sha256"]:
                        raise BackupRefused(f"part {part.name} changed since it was verified")
            tables.reset_sequences(list(models_by_part.values()))
            _verify_audit(report, existing_checkpoints)
            _replay_erasures(report)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    return report


def _merge_erasure_ledger(stream) -> str:
    """The backup's erasure ledger joins this server's (the server's lines first: a restore
    never rolls the ledger back); returns the part's SHA-256."""
    data = stream.read()
    try:
        erasure_ledger.merge_into_ledger(data.decode("utf-8"))
    except (erasure_ledger.LedgerRefused, UnicodeDecodeError) as error:
        raise BackupRefused(f"the backup's erasure ledger does not verify: {error}") from None
    return hashlib.sha256(data).hexdigest()


def _replay_erasures(report: RestoreReport) -> None:
    """Erasures recorded after the backup was made are carried out again, then the chain
    (now with their audit rows) is verified once more."""
    if not apps.is_installed("rihai.cases"):
        return
    from rihai.ops.erasure_replay import replay_erasures

    try:
        report.erasures_replayed = replay_erasures()
    except erasure_ledger.LedgerRefused as error:
        raise BackupRefused(
            f"the erasure ledger does not verify, so erasures made after this backup cannot be "
            f"replayed: {error}"
        ) from None
    if report.erasures_replayed:
        from rihai.audit.chain import verify_chain

        problem = verify_chain()
        if problem is not None:
            raise BackupRefused(f"the audit chain does not verify after the replay: {problem}")


def _verify_audit(report: RestoreReport, checkpoints: dict[int, str]) -> None:
    if not apps.is_installed("rihai.audit"):
        return
    from rihai.audit.chain import verify_chain

    problem = verify_chain()
    if problem is not None:
        raise BackupRefused(f"the restored audit chain does not verify: {problem}")
    if checkpoints:
        report.newest_checkpoint_row = max(checkpoints)
        audit_log = apps.get_model("audit", "AuditLog")._base_manager
        for row_id, row_hash in sorted(checkpoints.items()):
            if row_id > report.backup_head:
                break
            stored = audit_log.filter(id=row_id).values_list("hash", flat=True).first()
            if stored != row_hash:
                raise BackupRefused(
                    f"the backup contradicts the audit checkpoint of row {row_id}: it is not "
                    "this deployment's history, or it was rewritten"
                )
