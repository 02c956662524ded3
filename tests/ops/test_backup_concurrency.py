"""A backup taken while the application writes is one instant's state (PostgreSQL).

A thread appends audit rows as fast as it can while the backup runs. The chain head is read
before the audit rows are, so a backup that read each table at a different moment would hold
rows past its head, and the restored chain would not verify.
"""

import tempfile
import threading
import time
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import connection, connections
from django.test import TransactionTestCase, override_settings, skipUnlessDBFeature

from rihai.audit.actions import record_audit
from rihai.audit.chain import verify_chain
from rihai.audit.models import AuditChainHead, AuditLog

from .helpers import ENCRYPTION_KEY, SIGNING_KEY, ensure_reference_data


@skipUnlessDBFeature("has_select_for_update")  # a server database: SQLite has one writer
@override_settings(
    BACKUP_ENCRYPTION_KEY=ENCRYPTION_KEY,
    BACKUP_SIGNING_KEY=SIGNING_KEY,
    AUDIT_CHECKPOINT_DIR=None,
)
class BackupWhileWritingTest(TransactionTestCase):
    def test_a_backup_under_concurrent_writes_restores_to_a_verifying_chain(self):
        self.assertEqual(connection.vendor, "postgresql")
        ensure_reference_data()
        stop, written, errors = threading.Event(), [], []

        def writer():
            try:
                while not stop.is_set():
                    written.append(
                        record_audit(event="record-viewed", object_type="t", object_id=1)
                    )
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                connections.close_all()

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            while len(written) < 20:  # the writer is under way before the backup starts
                time.sleep(0.01)
            path = Path(tempfile.mkdtemp(prefix="rihai-backup-test-")) / "while-writing.backup"
            call_command("backup", str(path), stdout=StringIO())
            during = len(written)
            time.sleep(0.2)
        finally:
            stop.set()
            thread.join(timeout=30)
        self.assertEqual(errors, [])
        self.assertGreater(len(written), during)  # writes went on during and after the backup

        call_command("flush", interactive=False, verbosity=0)
        call_command("restore", str(path), stdout=StringIO())
        self.assertIsNone(verify_chain())
        head = AuditChainHead.objects.get(id=1)
        self.assertEqual(AuditLog.objects.count(), head.last_id)
        self.assertLess(head.last_id, len(written) + 1)
