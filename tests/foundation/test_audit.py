"""The audit log: append-only, hash-chained, and tampering is found and named."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection, transaction

from rihai.accounts.actions import do_create_agency
from rihai.accounts.models import AgencyType
from rihai.audit.actions import PersonalDataInAuditError, record_audit
from rihai.audit.chain import verify_chain
from rihai.audit.migrations import _sqlite_triggers as SQLITE_TRIGGERS
from rihai.audit.models import AppendOnlyError, AuditChainHead, AuditEvent, AuditLog
from tests.base import RihaiTestCase


class TamperingSQL:
    """Raw SQL as an attacker with database access would run it (the triggers switched off).

    On SQLite the triggers are dropped inside the test's transaction, so the rollback at the
    end of the test restores them.
    """

    def __enter__(self):
        self.cursor = connection.cursor()
        if connection.vendor == "postgresql":
            # A superuser can switch triggers off for the session; the chain must still tell.
            self.cursor.execute("SET session_replication_role = replica")
        else:
            for statement in SQLITE_TRIGGERS.BACKWARD:
                self.cursor.execute(statement)
        return self.cursor

    def __exit__(self, *exc):
        if connection.vendor == "postgresql":
            self.cursor.execute("SET session_replication_role = DEFAULT")
        self.cursor.close()


class AuditChainTest(RihaiTestCase):
    def setUp(self):
        for i in range(5):
            record_audit(
                event=AuditEvent.RECORD_VIEWED,
                acting_user=self.fia_case_worker,
                object_type="testapp.secretnote",
                object_id=i,
            )
        self.rows = list(AuditLog.objects.order_by("id"))

    def verify(self):
        problem = verify_chain()
        return problem

    def test_intact_chain_verifies(self):
        self.assertIsNone(self.verify())
        out = StringIO()
        call_command("audit_verify", stdout=out)
        self.assertIn("intact", out.getvalue())

    def test_rows_link_to_their_predecessor(self):
        for before, after in zip(self.rows, self.rows[1:], strict=False):
            self.assertEqual(after.prev_hash, before.hash)
            self.assertEqual(after.id, before.id + 1)

    def test_changed_row_is_named(self):
        target = self.rows[2]
        with TamperingSQL() as cursor:
            cursor.execute(
                "UPDATE audit_auditlog SET object_id = %s WHERE id = %s", ["999", target.id]
            )
        problem = self.verify()
        self.assertEqual(problem.row_id, target.id)
        self.assertIn("changed", problem.reason)
        with self.assertRaisesMessage(CommandError, f"row {target.id}"):
            call_command("audit_verify", stdout=StringIO())

    def test_changed_timestamp_is_caught(self):
        target = self.rows[1]
        with TamperingSQL() as cursor:
            cursor.execute(
                "UPDATE audit_auditlog SET event_time = %s WHERE id = %s",
                ["2020-01-01 00:00:00", target.id],
            )
        self.assertEqual(self.verify().row_id, target.id)

    def test_deleted_row_is_named(self):
        target = self.rows[2]
        with TamperingSQL() as cursor:
            cursor.execute("DELETE FROM audit_auditlog WHERE id = %s", [target.id])
        problem = self.verify()
        self.assertEqual(problem.row_id, target.id + 1)
        self.assertIn("missing", problem.reason)

    def test_rows_deleted_at_the_end_are_caught(self):
        with TamperingSQL() as cursor:
            cursor.execute("DELETE FROM audit_auditlog WHERE id >= %s", [self.rows[-2].id])
        problem = self.verify()
        self.assertIsNotNone(problem)
        self.assertIn("head", str(problem))

    def test_inserted_row_is_caught(self):
        last = self.rows[-1]
        # A forged row appended with a well-formed link but without moving the head.
        with TamperingSQL() as cursor:
            cursor.execute(
                "INSERT INTO audit_auditlog (id, event_time, event, acting_username, agency_id, "
                "object_type, object_id, interface, request_id, extra, prev_hash, hash) "
                "VALUES (%s, %s, 'record-viewed', '', NULL, '', '', 'web', '', %s, %s, %s)",
                [last.id + 1, "2026-01-01 00:00:00+00:00", "{}", last.hash, "f" * 64],
            )
        problem = self.verify()
        self.assertEqual(problem.row_id, last.id + 1)

    def test_rewritten_row_with_recomputed_hash_breaks_the_next_link(self):
        from rihai.audit.chain import compute_hash

        target = self.rows[1]
        target.object_id = "forged"
        forged_hash = compute_hash(target.prev_hash, target)
        with TamperingSQL() as cursor:
            cursor.execute(
                "UPDATE audit_auditlog SET object_id = 'forged', hash = %s WHERE id = %s",
                [forged_hash, target.id],
            )
        self.assertEqual(self.verify().row_id, target.id + 1)

    def test_orm_refuses_update_and_delete(self):
        row = self.rows[0]
        row.object_id = "x"
        with self.assertRaises(AppendOnlyError):
            row.save()
        with self.assertRaises(AppendOnlyError):
            row.delete()
        with self.assertRaises(AppendOnlyError):
            AuditLog.objects.filter(id=row.id).update(object_id="x")
        with self.assertRaises(AppendOnlyError):
            AuditLog.objects.all().delete()

    def test_database_trigger_refuses_update_on_postgresql(self):
        if connection.vendor != "postgresql":
            self.skipTest("the trigger exists on PostgreSQL only")
        from django.db import DatabaseError

        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditlog SET object_id = 'x' WHERE id = %s", [self.rows[0].id]
            )
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditlog WHERE id = %s", [self.rows[0].id])

    def test_head_tracks_the_last_row(self):
        head = AuditChainHead.objects.get(id=1)
        self.assertEqual((head.last_id, head.last_hash), (self.rows[-1].id, self.rows[-1].hash))


class AuditWritingTest(RihaiTestCase):
    def test_action_and_audit_row_commit_together(self):
        before = AuditLog.objects.count()
        with self.assertRaises(RuntimeError), transaction.atomic():
            do_create_agency(
                acting_user=self.fia_administrator,
                name="Rolled back",
                code="RB",
                agency_type=AgencyType.NGO,
                province=self.punjab,
            )
            raise RuntimeError("crash after the write")
        self.assertEqual(AuditLog.objects.count(), before)
        self.assertIsNone(verify_chain())

    def test_action_writes_its_audit_row(self):
        agency = do_create_agency(
            acting_user=self.fia_administrator,
            name="New NGO",
            code="NEW",
            agency_type=AgencyType.NGO,
            province=self.punjab,
        )
        row = AuditLog.objects.latest("id")
        self.assertEqual(
            (row.event, row.object_id, row.acting_user),
            ("agency-created", str(agency.pk), self.fia_administrator),
        )

    def test_free_text_is_refused_in_extra(self):
        with self.assertRaises(PersonalDataInAuditError):
            record_audit(event=AuditEvent.RECORD_CHANGED, extra={"note": "x" * 200})
        with self.assertRaises(PersonalDataInAuditError):
            record_audit(event=AuditEvent.RECORD_CHANGED, extra={"note": "line one\nline two"})

    def test_interface_is_recorded(self):
        self.sign_in(self.fia_case_worker)
        self.client.post("/accounts/logout/")
        self.assertEqual(AuditLog.objects.latest("id").interface, "web")
