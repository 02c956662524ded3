"""Views of personal data: journaled without the chain's head lock, sealed in order, never
lost, and a changed journal row is caught and never sealed."""

import threading

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.test import TestCase, TransactionTestCase, override_settings

from rihai.audit.actions import record_audit
from rihai.audit.chain import verify_chain
from rihai.audit.journal import record_read, seal_journal, verify_journal
from rihai.audit.migrations import _sqlite_triggers
from rihai.audit.models import AppendOnlyError, AuditChainHead, AuditJournal, AuditLog

# "worker" with no worker: rows stay in the journal until a test seals them.
WAITING = override_settings(AUDIT_JOURNAL_SEAL="worker", CELERY_TASK_ALWAYS_EAGER=False)


def _view(object_id) -> AuditJournal:
    return record_read(event="record-viewed", object_type="testapp.secretnote", object_id=object_id)


def _lift_update_trigger(cursor):
    """What someone who bypasses the application could do: drop the trigger for a moment."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending on it
        cursor.execute("ALTER TABLE audit_auditjournal DISABLE TRIGGER USER")
    else:
        for statement in _sqlite_triggers.JOURNAL_BACKWARD:
            cursor.execute(statement)


def _restore_update_trigger(cursor):
    if connection.vendor == "postgresql":
        cursor.execute("ALTER TABLE audit_auditjournal ENABLE TRIGGER USER")
    else:
        for statement in _sqlite_triggers.JOURNAL_FORWARD:
            cursor.execute(statement)


@WAITING
class JournalTest(TestCase):
    def test_a_view_waits_in_the_journal_not_the_chain(self):
        before = AuditLog.objects.count()
        entry = _view(7)
        self.assertEqual(AuditLog.objects.count(), before)
        self.assertEqual(AuditJournal.objects.get().pk, entry.pk)
        self.assertEqual(AuditChainHead.objects.get().last_id, before)  # head untouched

    def test_sealing_keeps_the_order_and_the_chain_verifies(self):
        record_audit(event="record-created", object_type="testapp.secretnote", object_id=1)
        for object_id in (11, 12, 13):
            _view(object_id)
        self.assertEqual(seal_journal(), 3)
        rows = list(AuditLog.objects.order_by("-id")[:4])[::-1]
        self.assertEqual(
            [(r.event, r.object_id) for r in rows],
            [("record-created", "1")] + [("record-viewed", str(i)) for i in (11, 12, 13)],
        )
        self.assertFalse(AuditJournal.objects.exists())
        self.assertIsNone(verify_chain())
        self.assertEqual(verify_journal(), [])
        head = AuditChainHead.objects.get()
        self.assertEqual((head.last_id, head.last_hash), (rows[-1].id, rows[-1].hash))

    def test_sealing_in_batches_keeps_the_order(self):
        for object_id in range(5):
            _view(object_id)
        self.assertEqual(seal_journal(batch=2), 5)
        sealed = AuditLog.objects.filter(event="record-viewed").order_by("id")
        self.assertEqual([r.object_id for r in sealed], ["0", "1", "2", "3", "4"])
        self.assertIsNone(verify_chain())

    def test_the_chain_row_carries_what_the_view_recorded(self):
        entry = _view(21)
        seal_journal()
        row = AuditLog.objects.latest("id")
        for name in ("event_time", "event", "object_type", "object_id", "interface", "extra"):
            self.assertEqual(getattr(row, name), getattr(entry, name), name)

    def test_free_text_is_refused_as_for_the_chain(self):
        with self.assertRaises(ValueError):
            record_read(event="record-viewed", extra={"note": "x" * 200})
        self.assertFalse(AuditJournal.objects.exists())

    def test_journal_rows_cannot_be_changed_or_deleted_through_the_orm(self):
        entry = _view(31)
        entry.object_id = "32"
        with self.assertRaises(AppendOnlyError):
            entry.save()
        with self.assertRaises(AppendOnlyError):
            entry.delete()
        with self.assertRaises(AppendOnlyError):
            AuditJournal.objects.filter(pk=entry.pk).update(object_id="32")

    def test_the_database_refuses_to_change_a_journal_row(self):
        entry = _view(41)
        with self.assertRaises(DatabaseError):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE audit_auditjournal SET object_id = '42' WHERE id = %s", [entry.pk]
                )
        if connection.vendor == "postgresql":  # only PostgreSQL can tell the sealer apart
            with self.assertRaises(DatabaseError):
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("DELETE FROM audit_auditjournal WHERE id = %s", [entry.pk])
        self.assertEqual(AuditJournal.objects.get().object_id, "41")

    def test_a_changed_journal_row_is_caught_and_never_sealed(self):
        _view(51)
        changed = _view(52)
        _view(53)
        with connection.cursor() as cursor:
            _lift_update_trigger(cursor)
            cursor.execute(
                "UPDATE audit_auditjournal SET object_id = '99' WHERE id = %s", [changed.pk]
            )
            _restore_update_trigger(cursor)
        problems = verify_journal()
        self.assertEqual([p.row_id for p in problems], [changed.pk])
        with self.assertLogs("rihai.audit.journal", level="ERROR"):
            self.assertEqual(seal_journal(), 1)  # the row before it; it stops there
        self.assertEqual(
            list(AuditJournal.objects.values_list("object_id", flat=True)), ["99", "53"]
        )
        self.assertFalse(AuditLog.objects.filter(object_id="99").exists())
        with self.assertRaisesMessage(CommandError, f"journal row {changed.pk}"):
            call_command("audit_verify", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def test_the_worker_task_seals(self):
        from rihai.audit.tasks import seal_journal_task

        _view(81)
        self.assertEqual(seal_journal_task.apply().get(), {"sealed": 1})
        self.assertTrue(AuditLog.objects.filter(object_id="81").exists())

    def test_audit_verify_names_views_waiting_too_long(self):
        _view(61)
        with override_settings(AUDIT_JOURNAL_MAX_UNSEALED_SECONDS=-1):
            with self.assertRaisesMessage(CommandError, "waited more than"):
                call_command("audit_verify", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("audit_seal", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertFalse(AuditJournal.objects.exists())
        with override_settings(AUDIT_JOURNAL_MAX_UNSEALED_SECONDS=-1):
            call_command("audit_verify", stdout=open("/dev/null", "w"))  # noqa: SIM115


@override_settings(AUDIT_JOURNAL_SEAL="commit")
class ReadsDoNotQueueOnTheHeadTest(TransactionTestCase):
    """The head held by a slow writer: a view is still audited, at once, and sealed later."""

    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("needs parallel connections (PostgreSQL)")
        AuditChainHead.objects.get_or_create(id=1)  # TransactionTestCase flushed migration rows

    def _hold_the_head(self, held: threading.Event, release: threading.Event):
        try:
            with transaction.atomic():
                AuditChainHead.objects.select_for_update().get(id=1)
                held.set()
                release.wait(30)
        finally:
            connections.close_all()

    def test_a_view_does_not_wait_for_the_head_and_is_sealed_after(self):
        from rihai.cases.actions import log_personal_data_view

        held, release = threading.Event(), threading.Event()
        holder = threading.Thread(target=self._hold_the_head, args=(held, release))
        holder.start()
        try:
            self.assertTrue(held.wait(10))
            with connection.cursor() as cursor:
                # A read that touched the head would now fail with a lock timeout.
                cursor.execute("SET lock_timeout = '500ms'")
            with transaction.atomic():
                log_personal_data_view(None, "cases.case", listed_ids=[1, 2, 3])
            # Committed: the view is audited while the head is still held, and the sealer
            # that ran on commit skipped the busy head rather than wait for it.
            self.assertEqual(AuditJournal.objects.count(), 1)
            self.assertFalse(AuditLog.objects.filter(event="record-listed").exists())
        finally:
            release.set()
            holder.join()
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = DEFAULT")
        self.assertEqual(seal_journal(), 1)
        self.assertEqual(AuditLog.objects.get(event="record-listed").extra["ids"], [1, 2, 3])
        self.assertIsNone(verify_chain())

    def test_with_the_head_free_a_view_is_sealed_as_it_commits(self):
        with transaction.atomic():
            _view(71)
        self.assertFalse(AuditJournal.objects.exists())
        self.assertTrue(AuditLog.objects.filter(event="record-viewed", object_id="71").exists())
        self.assertIsNone(verify_chain())
