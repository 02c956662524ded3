"""Erasures survive restoring an older backup (issue 18, part 3).

A person is erased after a backup was made; the database is then lost and that backup is
restored. The erasure ledger, kept outside the database with the audit checkpoints, is not
rolled back, and ``restore`` replays it: the person's data is gone again and the chain
verifies. A forged ledger line stops the restore and leaves the database empty. Runs on
SQLite and on PostgreSQL.
"""

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TransactionTestCase, override_settings

from rihai.accounts.models import User
from rihai.audit.chain import verify_chain
from rihai.audit.models import AuditLog
from rihai.cases.erasure import do_erase_person
from rihai.cases.models import Person
from rihai.ops import erasure_ledger
from rihai.ops.actions import do_request_erasure
from tests.base import make_user

from .helpers import ENCRYPTION_KEY, SIGNING_KEY, seed_world


def raw_person(pk) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name_roman, cnic, cnic_bidx, phone FROM cases_person WHERE id = %s", [pk]
        )
        row = cursor.fetchone()
    return dict(zip(("name_roman", "cnic", "cnic_bidx", "phone"), row, strict=True))


class ErasureReplayTest(TransactionTestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="rihai-erasure-test-"))
        self.checkpoints = self.dir / "checkpoints"
        self.checkpoints.mkdir()
        overrides = override_settings(
            BACKUP_ENCRYPTION_KEY=ENCRYPTION_KEY,
            BACKUP_SIGNING_KEY=SIGNING_KEY,
            MEDIA_ROOT=str(self.dir / "media"),
            AUDIT_CHECKPOINT_DIR=str(self.checkpoints),
        )
        overrides.enable()
        self.addCleanup(overrides.disable)
        self.world = seed_world()
        self.supervisor = make_user(self.world["worker"].agency, "supervisor")
        self.erased, self.kept = self.world["persons"][0], self.world["persons"][1]

    def backup(self, name="before.backup") -> Path:
        path = self.dir / name
        call_command("audit_checkpoint", stdout=StringIO())
        call_command("backup", str(path), stdout=StringIO())
        return path

    def erase(self, person):
        request = do_request_erasure(
            person=person, basis="consent-withdrawn", acting_user=self.world["worker"]
        )
        do_erase_person(request=request, acting_user=self.supervisor)  # commits: ledger written

    def lose_the_database_and_restore(self, path) -> tuple[str, str]:
        call_command("flush", interactive=False, verbosity=0)
        out, err = StringIO(), StringIO()
        call_command("restore", str(path), stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_an_erasure_made_after_the_backup_is_replayed_by_the_restore(self):
        kept_before = raw_person(self.kept.pk)
        path = self.backup()
        self.erase(self.erased)
        ledger = erasure_ledger.read_ledger()
        self.assertEqual([e.persons for e in ledger], [(self.erased.pk,)])
        call_command("audit_checkpoint", stdout=StringIO())  # the server anchors the erasure

        out, err = self.lose_the_database_and_restore(path)

        self.assertIn("Replayed erasures made after this backup: 1", out)
        self.assertIn("ROLLBACK", err)  # the checkpoints still say work was lost
        row = raw_person(self.erased.pk)
        self.assertEqual(row, {"name_roman": "", "cnic": "", "cnic_bidx": "", "phone": ""})
        self.assertEqual(Person.objects.get(pk=self.erased.pk).sex, "female")  # statistics stay
        self.assertEqual(raw_person(self.kept.pk), kept_before)
        replayed = AuditLog.objects.get(event="erasure-replayed")
        self.assertEqual(replayed.object_id, str(self.erased.pk))
        self.assertNotIn("Demo", json.dumps(replayed.extra))
        self.assertIsNone(verify_chain())
        # Replayed once: the ledger check now finds nothing left to do.
        out = StringIO()
        call_command("erasure_ledger", stdout=out)
        self.assertIn("0 not done in this database", out.getvalue())

    def test_a_backup_made_after_the_erasure_needs_no_replay_on_a_new_server(self):
        self.erase(self.erased)
        path = self.backup("after.backup")
        for file in self.checkpoints.iterdir():  # a new server: its store is empty
            file.unlink()
        out, _err = self.lose_the_database_and_restore(path)
        self.assertNotIn("Replayed", out)
        # The backup's ledger became this server's, so a later, older restore still replays.
        self.assertEqual([e.persons for e in erasure_ledger.read_ledger()], [(self.erased.pk,)])
        self.assertEqual(raw_person(self.erased.pk)["name_roman"], "")
        self.assertIsNone(verify_chain())

    def test_a_forged_ledger_line_stops_the_restore_and_changes_nothing(self):
        path = self.backup()
        self.erase(self.erased)
        ledger = self.checkpoints / erasure_ledger.FILE_NAME
        line = json.loads(ledger.read_text().splitlines()[0])
        line["persons"] = [self.kept.pk]  # someone who may write the directory, not sign
        ledger.write_text(ledger.read_text() + json.dumps(line) + "\n")

        with self.assertRaisesMessage(CommandError, "line 2 cannot be read or its signature"):
            self.lose_the_database_and_restore(path)
        self.assertFalse(User.objects.exists())  # the restore rolled back: still empty
