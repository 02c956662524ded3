"""A backup file: a tar stream of parts and a signed manifest, sealed by ``archive``.

Parts, in this order: ``db/<app>.<model>.jsonl`` for every backed-up model, ``media/...`` for
uploaded files, ``checkpoints/...`` for the audit checkpoint files, then ``manifest.json``
(format, time, version, migrations, rows and SHA-256 per part, the audit chain head) and
``manifest.sig`` (HMAC-SHA256 of the manifest with BACKUP_SIGNING_KEY).
"""

import hashlib
import hmac
import json
import os
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import tables
from .archive import BackupRefused, SealedReader, SealedWriter
from .keys import encryption_key, signing_key

FORMAT = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
_SPOOL = 16 * 1024 * 1024


def rihai_version() -> str:
    try:
        return version("rihai")
    except PackageNotFoundError:
        return "unknown"


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def audit_head() -> dict:
    """The chain head (last row id and hash), read generically; zero when there is none."""
    if not apps.is_installed("rihai.audit"):
        return {"last_id": 0, "last_hash": ""}
    head = apps.get_model("audit", "AuditChainHead")._base_manager.filter(id=1)
    found = head.values("last_id", "last_hash").first()
    return found or {"last_id": 0, "last_hash": ""}


def file_roots() -> dict[str, Path]:
    """Directories whose files are backed up, by part prefix: uploads and audit checkpoints."""
    roots = {}
    if getattr(settings, "MEDIA_ROOT", ""):
        roots["media"] = Path(settings.MEDIA_ROOT)
    if getattr(settings, "AUDIT_CHECKPOINT_DIR", None):
        roots["checkpoints"] = Path(settings.AUDIT_CHECKPOINT_DIR)
    return roots


def files_under(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


@contextmanager
def _snapshot():
    """One consistent view of every table while the application keeps writing."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _add(tar: tarfile.TarFile, name: str, source, size: int, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o600
    tar.addfile(info, source)


def sign(manifest_bytes: bytes) -> str:
    return hmac.new(signing_key(), manifest_bytes, hashlib.sha256).hexdigest()


def write_backup(out: Path) -> dict:
    """Writes a backup to ``out`` (through a temporary file, so a failed run leaves nothing
    that looks complete); returns its manifest."""
    enc_key, _ = encryption_key(), signing_key()  # refuse before any work if either is wrong
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    now = time.time()
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "rihai_version": rihai_version(),
        "database_vendor": connection.vendor,
        "tables": [],
        "files": [],
    }
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(fd, "wb") as raw,
            SealedWriter(raw, enc_key) as sealed,
            tarfile.open(fileobj=sealed, mode="w|", format=tarfile.PAX_FORMAT) as tar,
        ):
            with _snapshot():
                manifest["migrations"] = applied_migrations()
                manifest["audit_head"] = audit_head()
                for model in tables.backed_up_models():
                    part = f"db/{model._meta.label_lower}.jsonl"
                    digest, rows = hashlib.sha256(), 0
                    with tempfile.SpooledTemporaryFile(max_size=_SPOOL) as spool:
                        for line in tables.dump_rows(model):
                            spool.write(line)
                            digest.update(line)
                            rows += 1
                        size = spool.tell()
                        spool.seek(0)
                        _add(tar, part, spool, size, now)
                    manifest["tables"].append(
                        {
                            "model": model._meta.label_lower,
                            "table": model._meta.db_table,
                            "columns": [f.column for f in tables.columns(model)],
                            "rows": rows,
                            "part": part,
                            "sha256": digest.hexdigest(),
                        }
                    )
            for prefix, root in file_roots().items():
                for path in files_under(root):
                    part = f"{prefix}/{path.relative_to(root).as_posix()}"
                    with path.open("rb") as source:
                        digest = hashlib.file_digest(source, "sha256").hexdigest()
                        size = source.tell()
                        source.seek(0)
                        _add(tar, part, source, size, now)
                    manifest["files"].append({"part": part, "size": size, "sha256": digest})
            body = json.dumps(manifest, sort_keys=True, indent=1).encode("utf-8")
            signature = sign(body).encode("ascii")
            for name, data in ((MANIFEST, body), (SIGNATURE, signature)):
                with tempfile.SpooledTemporaryFile() as spool:
                    spool.write(data)
                    spool.seek(0)
                    _add(tar, name, spool, len(data), now)
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _safe_part(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupRefused(f"the backup holds an unsafe path: {name!r}")
    return str(path)


@dataclass
class Part:
    name: str
    stream: object  # a file object over the part's bytes


@contextmanager
def parts(path: Path) -> Iterator[Iterator[Part]]:
    """The parts of a sealed backup, one after the other, as file objects."""
    with open(path, "rb") as raw:
        reader = SealedReader(raw, encryption_key())

        def members():
            try:
                with tarfile.open(fileobj=reader, mode="r|") as tar:
                    for member in tar:
                        if not member.isfile():
                            raise BackupRefused(
                                f"the backup holds a non-file entry {member.name!r}"
                            )
                        yield Part(_safe_part(member.name), tar.extractfile(member))
            except tarfile.TarError as error:
                raise BackupRefused(f"the backup's contents cannot be read: {error}") from error

        yield members()


def verify_backup(path: Path) -> dict:
    """Reads the whole backup once: every chunk authenticated, every part hashed, the
    manifest's signature and every hash checked. Returns the manifest; raises BackupRefused."""
    path = Path(path)
    if not path.is_file():
        raise BackupRefused(f"no backup file at {path.name}")
    seen: dict[str, str] = {}
    manifest_bytes = signature = None
    with parts(path) as found:
        for part in found:
            if part.name == MANIFEST:
                manifest_bytes = part.stream.read()
            elif part.name == SIGNATURE:
                signature = part.stream.read().decode("ascii", "replace")
            else:
                digest = hashlib.sha256()
                while chunk := part.stream.read(1024 * 1024):
                    digest.update(chunk)
                seen[part.name] = digest.hexdigest()
    if manifest_bytes is None or signature is None:
        raise BackupRefused("the backup is incomplete: it has no signed manifest")
    if not hmac.compare_digest(sign(manifest_bytes), signature):
        raise BackupRefused(
            "the manifest's signature does not match: the backup was forged or signed with "
            "another BACKUP_SIGNING_KEY"
        )
    manifest = json.loads(manifest_bytes)
    if manifest.get("format") != FORMAT:
        raise BackupRefused(f"manifest format {manifest.get('format')} is not supported")
    listed = {entry["part"]: entry["sha256"] for entry in manifest["tables"] + manifest["files"]}
    if set(listed) != set(seen):
        missing, extra = sorted(set(listed) - set(seen)), sorted(set(seen) - set(listed))
        raise BackupRefused(
            f"the backup's parts differ from its manifest: missing {missing}, unlisted {extra}"
        )
    for name, digest in listed.items():
        if seen[name] != digest:
            raise BackupRefused(f"part {name} does not match its SHA-256 in the manifest")
    return manifest
