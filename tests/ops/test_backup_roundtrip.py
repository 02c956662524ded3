"""A backup restored into an emptied database gives back every table, row for row.

Seeds agencies, users, persons with encrypted identifiers, cases and audit rows; backs up;
empties the database (flush, as a new server's would be); restores; and compares every table
as plain SQL returns it, so ciphertext must come back byte for byte. Runs on SQLite and on
PostgreSQL (CI runs the suite on both).
"""

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TransactionTestCase, override_settings

from rihai.audit.chain import verify_chain
from rihai.audit.models import AuditLog
from rihai.cases.actions import do_register_person
from rihai.cases.models import Person
from rihai.ops.backup.tables import backed_up_models

from .helpers import ENCRYPTION_KEY, SIGNING_KEY, raw_tables, seed_world


class BackupRoundTripTest(TransactionTestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="rihai-backup-test-"))
        self.media = self.dir / "media"
        self.checkpoints = self.dir / "checkpoints"
        self.checkpoints.mkdir()
        overrides = override_settings(
            BACKUP_ENCRYPTION_KEY=ENCRYPTION_KEY,
            BACKUP_SIGNING_KEY=SIGNING_KEY,
            MEDIA_ROOT=str(self.media),
            AUDIT_CHECKPOINT_DIR=str(self.checkpoints),
        )
        overrides.enable()
        self.addCleanup(overrides.disable)

    def backup_and_empty(self) -> Path:
        path = self.dir / "rihai.backup"
        call_command("backup", str(path), stdout=StringIO())
        call_command("flush", interactive=False, verbosity=0)
        for upload in self.media.rglob("*"):
            if upload.is_file():
                upload.unlink()
        return path

    def restore(self, path: Path) -> tuple[str, str]:
        out, err = StringIO(), StringIO()
        call_command("restore", str(path), stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_every_table_comes_back_row_for_row_and_the_chain_verifies(self):
        world = seed_world()
        (self.media / "letters").mkdir(parents=True)
        (self.media / "letters" / "scan.pdf").write_bytes(b"%PDF- synthetic")
        models = backed_up_models()
        before = raw_tables(models)
        self.assertGreater(len(before["cases.person"]), 2)
        self.assertGreater(len(before["audit.auditlog"]), 3)

        path = self.backup_and_empty()
        self.assertEqual(raw_tables([Person])["cases.person"], [])
        out, _err = self.restore(path)

        after = raw_tables(models)
        for label, rows in before.items():
            self.assertEqual(after[label], rows, f"{label} differs after restore")
        self.assertIn("audit chain verified", out)
        self.assertIsNone(verify_chain())
        self.assertEqual((self.media / "letters" / "scan.pdf").read_bytes(), b"%PDF- synthetic")
        # Ciphertext came back as stored, so the field keys still read it.
        person = Person.objects.get(pk=world["persons"][0].pk)
        self.assertEqual(person.name_roman, "Demo Person 0")
        self.assertEqual(person.cnic, "35202-0000000-1")

        # Sequences follow the restored ids: new work gets new ids and extends the chain.
        newcomer = do_register_person(
            acting_user=world["worker"], name_roman="After Restore", sex="female"
        )
        self.assertGreater(newcomer.pk, max(p.pk for p in world["persons"]))
        self.assertIsNone(verify_chain())

    def test_a_second_restore_into_the_now_used_database_is_refused(self):
        seed_world()
        path = self.backup_and_empty()
        self.restore(path)
        rows = AuditLog.objects.count()
        with self.assertRaisesMessage(CommandError, "the database is not empty"):
            self.restore(path)
        self.assertEqual(AuditLog.objects.count(), rows)

    def test_an_older_backup_than_the_newest_checkpoint_is_reported_as_a_rollback(self):
        seed_world()
        head = AuditLog.objects.order_by("-id").first()
        path = self.backup_and_empty()
        # A checkpoint written after the backup: the chain went further than the backup.
        line = {"v": 1, "row": head.id + 5, "hash": "f" * 64, "time": "t", "key": "k", "sig": ""}
        (self.checkpoints / "checkpoints.jsonl").write_text(json.dumps(line) + "\n")
        _out, err = self.restore(path)
        self.assertIn("ROLLBACK", err)
        self.assertIn(f"row {head.id + 5}", err)

    def test_a_backup_contradicting_a_checkpoint_is_refused_and_nothing_restored(self):
        seed_world()
        head = AuditLog.objects.order_by("-id").first()
        path = self.backup_and_empty()
        line = {"v": 1, "row": head.id, "hash": "0" * 64, "time": "t", "key": "k", "sig": ""}
        (self.checkpoints / "checkpoints.jsonl").write_text(json.dumps(line) + "\n")
        with self.assertRaisesMessage(CommandError, f"checkpoint of row {head.id}"):
            self.restore(path)
        self.assertEqual(AuditLog.objects.count(), 0)
        self.assertEqual(Person.objects.count(), 0)
