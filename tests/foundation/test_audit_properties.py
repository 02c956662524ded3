"""Property and concurrency tests of the audit chain."""

import threading

from django.db import connection, connections
from django.test import TransactionTestCase
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from rihai.audit.actions import record_audit
from rihai.audit.chain import verify_chain
from rihai.audit.models import AuditEvent, AuditLog
from tests.foundation.test_audit import TamperingSQL

TAMPERINGS = st.sampled_from(["edit-object", "edit-event", "delete", "edit-time"])


class ChainPropertyTest(HypothesisTestCase):
    @settings(max_examples=25, deadline=None)
    @given(
        objects=st.lists(st.integers(min_value=0, max_value=10**9), min_size=2, max_size=12),
        tampering=TAMPERINGS,
        data=st.data(),
    )
    def test_any_single_tampering_is_caught(self, objects, tampering, data):
        for object_id in objects:
            record_audit(event=AuditEvent.RECORD_VIEWED, object_type="t", object_id=object_id)
        self.assertIsNone(verify_chain())
        ids = list(AuditLog.objects.order_by("id").values_list("id", flat=True))
        target = data.draw(st.sampled_from(ids[:-1]))  # any row but the last
        with TamperingSQL() as cursor:
            if tampering == "edit-object":
                cursor.execute(
                    "UPDATE audit_auditlog SET object_id = 'x' || object_id WHERE id = %s", [target]
                )
            elif tampering == "edit-event":
                cursor.execute("UPDATE audit_auditlog SET event = 'login' WHERE id = %s", [target])
            elif tampering == "delete":
                cursor.execute("DELETE FROM audit_auditlog WHERE id = %s", [target])
            else:  # move a row in time, as if to hide when something was seen
                cursor.execute(
                    "UPDATE audit_auditlog SET event_time = %s WHERE id = %s",
                    ["2001-01-01 00:00:00+00:00", target],
                )
        problem = verify_chain()
        self.assertIsNotNone(problem)
        self.assertIn(problem.row_id, (target, target + 1))


class ConcurrentAppendTest(TransactionTestCase):
    """Writers in parallel connections queue on the chain head; the chain never forks."""

    def test_parallel_writers_keep_one_chain(self):
        if connection.vendor != "postgresql":
            self.skipTest("needs a server database; in-memory SQLite is one connection")
        from rihai.audit.models import AuditChainHead

        AuditChainHead.objects.get_or_create(
            id=1
        )  # TransactionTestCase flushed the migration's row
        errors = []

        def writer(n):
            try:
                for i in range(10):
                    record_audit(
                        event=AuditEvent.RECORD_VIEWED, object_type="t", object_id=f"{n}-{i}"
                    )
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(AuditLog.objects.count(), 40)
        self.assertIsNone(verify_chain())
