"""A backup that was altered, cut short, made or signed with another key, or aimed at a used
database is refused with a reason, before anything is written."""

import io
import json
import tarfile
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from rihai.audit.models import AuditLog
from rihai.ops.backup import bundle
from rihai.ops.backup.archive import CHUNK, SealedWriter
from rihai.ops.backup.keys import encryption_key
from tests.base import RihaiTestCase

from .helpers import (
    ENCRYPTION_KEY,
    OTHER_ENCRYPTION_KEY,
    OTHER_SIGNING_KEY,
    SIGNING_KEY,
    seed_world,
)

KEYS = {"BACKUP_ENCRYPTION_KEY": ENCRYPTION_KEY, "BACKUP_SIGNING_KEY": SIGNING_KEY}


@override_settings(**KEYS)
class BackupRefusalTest(RihaiTestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="rihai-backup-test-"))
        media = override_settings(MEDIA_ROOT=str(self.dir / "media"), AUDIT_CHECKPOINT_DIR=None)
        media.enable()
        self.addCleanup(media.disable)
        seed_world()
        self.path = self.dir / "rihai.backup"
        call_command("backup", str(self.path), stdout=StringIO())

    def verify(self, path=None):
        call_command("backup", str(path or self.path), verify=True, stdout=StringIO())

    def assertRefused(self, reason, path=None):
        with self.assertRaisesMessage(CommandError, reason):
            self.verify(path)
        # restore refuses the same file for the same reason, before looking at the database
        with self.assertRaisesMessage(CommandError, reason):
            call_command("restore", str(path or self.path), stdout=StringIO())

    def test_an_intact_backup_verifies(self):
        out = StringIO()
        call_command("backup", str(self.path), verify=True, stdout=out)
        self.assertIn("Verified backup", out.getvalue())
        self.assertFalse(self.path.with_name("rihai.backup.partial").exists())
        self.assertEqual(self.path.stat().st_mode & 0o077, 0)  # readable by its owner only

    def test_the_file_holds_no_plaintext_and_no_key(self):
        data = self.path.read_bytes()
        for secret in (b"Demo Person", b"35202", b"case-worker", ENCRYPTION_KEY.encode()):
            self.assertNotIn(secret, data)
        self.assertNotIn(SIGNING_KEY.encode(), data)

    def test_inside_the_seal_personal_data_is_still_field_ciphertext(self):
        """Opened with the backup key, the table parts hold the database's ciphertext, never
        the names and identifiers it encrypts (those need FIELD_ENCRYPTION_KEYS too)."""
        with bundle.parts(self.path) as found:
            person_part = next(p for p in found if p.name == "db/cases.person.jsonl").stream.read()
        self.assertIn(b"enc1:", person_part)
        for plaintext in (b"Demo Person", b"35202-0000000", "ڈیمو".encode()):
            self.assertNotIn(plaintext, person_part)

    def test_an_altered_byte_is_refused(self):
        data = bytearray(self.path.read_bytes())
        data[len(data) // 2] ^= 0x01
        altered = self.dir / "altered.backup"
        altered.write_bytes(bytes(data))
        self.assertRefused("altered or damaged", altered)

    def test_a_truncated_backup_is_refused(self):
        data = self.path.read_bytes()
        for cut in (len(data) - 10, 40, min(CHUNK, len(data) // 2)):
            short = self.dir / f"short-{cut}.backup"
            short.write_bytes(data[:cut])
            self.assertRefused("truncated", short)

    def test_a_backup_made_with_another_encryption_key_is_refused(self):
        with override_settings(BACKUP_ENCRYPTION_KEY=OTHER_ENCRYPTION_KEY):
            self.assertRefused("another BACKUP_ENCRYPTION_KEY")

    def test_a_backup_signed_with_another_key_is_refused(self):
        with override_settings(BACKUP_SIGNING_KEY=OTHER_SIGNING_KEY):
            self.assertRefused("signature does not match")

    def test_a_part_changed_by_someone_holding_only_the_encryption_key_is_refused(self):
        """Re-sealed with the right encryption key, one table changed, the signed manifest
        kept: the part's SHA-256 betrays it (forging the manifest needs the signing key)."""
        forged = self.dir / "forged.backup"
        with (
            bundle.parts(self.path) as found,
            forged.open("wb") as raw,
            SealedWriter(raw, encryption_key()) as sealed,
            tarfile.open(fileobj=sealed, mode="w|") as tar,
        ):
            for part in found:
                data = part.stream.read()
                if part.name == "db/accounts.agency.jsonl":
                    data = data.replace(b"Backup NGO", b"Forged NGO")
                info = tarfile.TarInfo(part.name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        self.assertRefused("db/accounts.agency.jsonl does not match its SHA-256", forged)

    def test_restore_into_a_used_database_is_refused_and_changes_nothing(self):
        rows = AuditLog.objects.count()
        with self.assertRaisesMessage(CommandError, "the database is not empty"):
            call_command("restore", str(self.path), stdout=StringIO())
        self.assertEqual(AuditLog.objects.count(), rows)

    def test_restore_into_a_database_at_other_migrations_is_refused(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE app = 'cases'")
        with self.assertRaisesMessage(CommandError, "migrations differ"):
            call_command("restore", str(self.path), stdout=StringIO())

    def test_a_file_that_is_not_a_backup_is_refused(self):
        other = self.dir / "notes.txt"
        other.write_text(json.dumps({"hello": "world"}) * 10)
        self.assertRefused("not a Rihai backup", other)


class BackupKeySettingsTest(RihaiTestCase):
    def test_a_missing_key_is_named(self):
        for name in ("BACKUP_ENCRYPTION_KEY", "BACKUP_SIGNING_KEY"):
            keys = {**KEYS, name: ""}
            with override_settings(**keys), self.assertRaisesMessage(CommandError, name):
                call_command("backup", "/nonexistent/never-written.backup", stdout=StringIO())

    def test_a_malformed_key_is_named(self):
        cases = {
            "BACKUP_ENCRYPTION_KEY": {**KEYS, "BACKUP_ENCRYPTION_KEY": "not-base64-of-32-bytes"},
            "BACKUP_SIGNING_KEY": {**KEYS, "BACKUP_SIGNING_KEY": "short"},
        }
        for name, keys in cases.items():
            with override_settings(**keys), self.assertRaisesMessage(CommandError, name):
                call_command("backup", "/nonexistent/never-written.backup", stdout=StringIO())
