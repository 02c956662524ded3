"""The keyed chain and its checkpoints: the rewrite that fooled the SHA-256 chain is caught.

The attack (hardening item 7): with write access to the database, switch off the append-only
trigger, delete a row, renumber the rows after it, recompute their hashes and fix the head.
"""

import hashlib
import hmac
import json
import os
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock, skipUnless

from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from rihai.audit.actions import UnknownAuditEventError, record_audit
from rihai.audit.chain import canonical_content, verify_chain
from rihai.audit.checkpoints import (
    CheckpointRefused,
    checkpoint_path,
    verify_checkpoints,
    write_checkpoint,
)
from rihai.audit.keys import key_id_for, public_key_of
from rihai.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent, AuditLog
from tests.base import RihaiTestCase
from tests.foundation.test_audit import TamperingSQL

KEY_ONE = "test-audit-chain-key-one-0123456789abcdef"
KEY_TWO = "test-audit-chain-key-two-0123456789abcdef"


def rewrite_after_deleting(cursor, delete_id: int, *, rehash, legacy: bool = False) -> None:
    """The attack: delete ``delete_id``, renumber the rows after it, re-hash them with
    ``rehash(prev_hash, row) -> hash`` and point the head at the new end."""
    cursor.execute("DELETE FROM audit_auditlog WHERE id = %s", [delete_id])
    cursor.execute("SELECT MAX(id) FROM audit_auditlog")
    last = cursor.fetchone()[0]
    for old_id in range(delete_id + 1, last + 1):  # one by one: ids stay unique throughout
        cursor.execute("UPDATE audit_auditlog SET id = %s WHERE id = %s", [old_id - 1, old_id])
    cursor.execute("SELECT hash FROM audit_auditlog WHERE id = %s", [delete_id - 1])
    found = cursor.fetchone()
    prev_hash = found[0] if found else GENESIS_HASH
    for row in AuditLog.objects.filter(id__gte=delete_id).order_by("id"):
        if legacy:
            row.key_id = ""
        new_hash = rehash(prev_hash, row)
        cursor.execute(
            "UPDATE audit_auditlog SET prev_hash = %s, hash = %s, key_id = %s WHERE id = %s",
            [prev_hash, new_hash, row.key_id, row.id],
        )
        prev_hash = new_hash
    cursor.execute(
        "UPDATE audit_auditchainhead SET last_id = %s, last_hash = %s WHERE id = 1",
        [last - 1, prev_hash],
    )


def plain_sha256(prev_hash, row):
    return hashlib.sha256((prev_hash + canonical_content(row)).encode("utf-8")).hexdigest()


def hmac_with(key: str):
    def rehash(prev_hash, row):
        message = (prev_hash + canonical_content(row)).encode("utf-8")
        return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()

    return rehash


class CheckpointDirMixin:
    """A fresh checkpoint directory per test: ids restart when each test rolls back."""

    def setUp(self):
        super().setUp()
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.checkpoint_dir = Path(directory.name)
        override = override_settings(AUDIT_CHECKPOINT_DIR=self.checkpoint_dir)
        override.enable()
        self.addCleanup(override.disable)

    def write_rows(self, count: int, start: int = 0) -> list[AuditLog]:
        for i in range(start, start + count):
            record_audit(
                event=AuditEvent.RECORD_VIEWED,
                acting_user=self.fia_case_worker,
                object_type="cases.case",
                object_id=i,
            )
        return list(AuditLog.objects.order_by("id"))

    def assert_verify_fails_naming(self, text: str) -> str:
        with self.assertRaises(CommandError) as raised:
            call_command("audit_verify", stdout=StringIO())
        self.assertIn(text, str(raised.exception))
        return str(raised.exception)


class KeyedChainTest(CheckpointDirMixin, RihaiTestCase):
    def test_rows_are_hmac_signed_and_name_their_key(self):
        rows = self.write_rows(3)
        for row in rows:
            self.assertEqual(row.key_id, key_id_for(KEY_ONE.encode()))
            self.assertEqual(row.hash, hmac_with(KEY_ONE)(row.prev_hash, row))
            self.assertNotEqual(row.hash, plain_sha256(row.prev_hash, row))
        self.assertIsNone(verify_chain())

    def test_the_rewrite_attack_with_plain_sha256_is_caught(self):
        rows = self.write_rows(6)
        with TamperingSQL() as cursor:
            rewrite_after_deleting(cursor, rows[2].id, rehash=plain_sha256)
        problem = verify_chain()
        self.assertEqual(problem.row_id, rows[2].id)
        self.assertIn("does not match its hash", problem.reason)
        self.assert_verify_fails_naming(f"row {rows[2].id}")

    def test_the_rewrite_attack_posing_as_legacy_rows_is_caught(self):
        rows = self.write_rows(6)
        with TamperingSQL() as cursor:
            rewrite_after_deleting(cursor, rows[2].id, rehash=plain_sha256, legacy=True)
        problem = verify_chain()
        self.assertEqual(problem.row_id, rows[2].id)
        self.assertIn("unkeyed", problem.reason)

    def test_a_rewrite_with_the_key_passes_the_chain_but_not_the_checkpoint(self):
        rows = self.write_rows(6)
        call_command("audit_checkpoint", stdout=StringIO())
        self.assertEqual(verify_checkpoints(), (1, None))
        with TamperingSQL() as cursor:  # the attacker guessed (or stole) the chain key
            rewrite_after_deleting(cursor, rows[2].id, rehash=hmac_with(KEY_ONE))
        self.assertIsNone(verify_chain())  # the chain alone cannot tell
        count, problem = verify_checkpoints()
        self.assertEqual((count, problem.checkpoint, problem.row_id), (1, 1, rows[-1].id))
        self.assertIn("rows were removed", problem.reason)
        self.assert_verify_fails_naming("checkpoint 1")

    def test_a_rewrite_in_the_middle_names_the_span_between_checkpoints(self):
        rows = self.write_rows(4)
        write_checkpoint()  # anchors row 4
        rows = self.write_rows(4, start=4)
        write_checkpoint()  # anchors row 8
        # The guessed-key rewrite changes a row after the first checkpoint, keeping the count.
        target = rows[5]
        with TamperingSQL() as cursor:
            cursor.execute(
                "UPDATE audit_auditlog SET object_id = 'forged' WHERE id = %s", [target.id]
            )
            prev_hash = target.prev_hash
            for row in AuditLog.objects.filter(id__gte=target.id).order_by("id"):
                new_hash = hmac_with(KEY_ONE)(prev_hash, row)
                cursor.execute(
                    "UPDATE audit_auditlog SET prev_hash = %s, hash = %s WHERE id = %s",
                    [prev_hash, new_hash, row.id],
                )
                prev_hash = new_hash
            cursor.execute("UPDATE audit_auditchainhead SET last_hash = %s", [prev_hash])
        self.assertIsNone(verify_chain())
        problem = verify_checkpoints()[1]
        self.assertEqual((problem.checkpoint, problem.row_id), (2, rows[-1].id))
        self.assertIn(f"after row {rows[3].id}", problem.reason)

    def test_a_tampered_checkpoint_is_named(self):
        self.write_rows(3)
        write_checkpoint()
        path = checkpoint_path()
        line = json.loads(path.read_text())
        line["hash"] = "0" * 64
        path.write_text(json.dumps(line) + "\n")
        problem = verify_checkpoints()[1]
        self.assertEqual(problem.checkpoint, 1)
        self.assertIn("signature", problem.reason)

    def test_an_unreadable_checkpoint_line_is_named(self):
        self.write_rows(2)
        write_checkpoint()
        with checkpoint_path().open("a") as file:
            file.write("not json\n")
        self.assertEqual(verify_checkpoints()[1].checkpoint, 2)

    def test_checkpoints_refuse_to_anchor_a_chain_that_contradicts_them(self):
        rows = self.write_rows(3)
        write_checkpoint()
        with TamperingSQL() as cursor:
            rewrite_after_deleting(cursor, rows[1].id, rehash=hmac_with(KEY_ONE))
        with self.assertRaises(CheckpointRefused):
            write_checkpoint()
        with self.assertRaises(CommandError):
            call_command("audit_checkpoint", stdout=StringIO())
        self.assertEqual(len(checkpoint_path().read_text().splitlines()), 1)

    def test_checkpoints_verify_with_the_public_key_alone(self):
        from django.conf import settings

        self.write_rows(2)
        write_checkpoint()
        public = public_key_of(settings.AUDIT_CHECKPOINT_KEYS[0])
        with override_settings(AUDIT_CHECKPOINT_KEYS=[], AUDIT_CHECKPOINT_PUBLIC_KEYS=[public]):
            self.assertEqual(verify_checkpoints(), (1, None))
        with override_settings(AUDIT_CHECKPOINT_KEYS=[], AUDIT_CHECKPOINT_PUBLIC_KEYS=[]):
            self.assertIn("not configured", verify_checkpoints()[1].reason)

    def test_every_nth_row_is_checkpointed_when_it_commits(self):
        with (
            override_settings(AUDIT_CHECKPOINT_EVERY=2),
            self.captureOnCommitCallbacks(execute=True),
        ):
            rows = self.write_rows(5)
        lines = [json.loads(line) for line in checkpoint_path().read_text().splitlines()]
        self.assertEqual([line["row"] for line in lines], [rows[1].id, rows[3].id])
        self.assertEqual(lines[1]["hash"], rows[3].hash)
        self.assertEqual(verify_checkpoints(), (2, None))

    def test_key_rotation_keeps_old_rows_verifiable(self):
        self.write_rows(2)
        with override_settings(AUDIT_CHAIN_KEYS=[KEY_TWO, KEY_ONE]):
            rows = self.write_rows(2, start=2)
            self.assertEqual(
                [row.key_id for row in rows],
                [key_id_for(KEY_ONE.encode())] * 2 + [key_id_for(KEY_TWO.encode())] * 2,
            )
            self.assertIsNone(verify_chain())
        with override_settings(AUDIT_CHAIN_KEYS=[KEY_TWO]):  # the old key dropped too early
            problem = verify_chain()
            self.assertEqual(problem.row_id, rows[0].id)
            self.assertIn("not in AUDIT_CHAIN_KEYS", problem.reason)

    def test_no_chain_key_no_row(self):
        before = AuditLog.objects.count()
        with override_settings(AUDIT_CHAIN_KEYS=[]), self.assertRaises(ImproperlyConfigured):
            record_audit(event=AuditEvent.RECORD_VIEWED, object_type="t", object_id=1)
        with (
            override_settings(AUDIT_CHAIN_KEYS=["too-short"]),
            self.assertRaises(ImproperlyConfigured),
        ):
            record_audit(event=AuditEvent.RECORD_VIEWED, object_type="t", object_id=1)
        self.assertEqual(AuditLog.objects.count(), before)


class LegacyRowsTest(CheckpointDirMixin, RihaiTestCase):
    """Rows written before the chain was keyed stay verifiable up to the recorded switch-over."""

    def setUp(self):
        super().setUp()
        with mock.patch("rihai.audit.actions.signing_chain_key", return_value=("", b"")):
            self.legacy = self.write_rows(2)  # as the unkeyed code wrote them
        self.rows = self.write_rows(2, start=2)[2:]

    def test_legacy_prefix_verifies_up_to_the_switch_over(self):
        self.assertEqual([row.key_id for row in self.legacy], ["", ""])
        self.assertEqual(
            self.legacy[1].hash, plain_sha256(self.legacy[1].prev_hash, self.legacy[1])
        )
        with override_settings(AUDIT_CHAIN_LEGACY_UNTIL=self.legacy[-1].id):
            self.assertIsNone(verify_chain())

    def test_legacy_rows_without_a_recorded_switch_over_are_refused(self):
        problem = verify_chain()
        self.assertEqual(problem.row_id, self.legacy[0].id)
        self.assertIn("AUDIT_CHAIN_LEGACY_UNTIL=0", problem.reason)
        # The operator is told where the unkeyed rows end, to record the switch-over.
        self.assertIn(f"AUDIT_CHAIN_LEGACY_UNTIL={self.legacy[-1].id}", problem.reason)

    def test_keyed_rows_rewritten_as_legacy_are_refused(self):
        with TamperingSQL() as cursor:
            rewrite_after_deleting(cursor, self.rows[0].id, rehash=plain_sha256, legacy=True)
        with override_settings(AUDIT_CHAIN_LEGACY_UNTIL=self.legacy[-1].id):
            problem = verify_chain()
        self.assertEqual(problem.row_id, self.rows[0].id)
        self.assertIn("unkeyed", problem.reason)


class AppendOnlyTriggerTest(CheckpointDirMixin, RihaiTestCase):
    def test_database_refuses_update_and_delete_on_every_database(self):
        record_audit(event=AuditEvent.RECORD_VIEWED, object_type="t", object_id=1)
        row_id = AuditLog.objects.latest("id").id
        for statement in (
            "UPDATE audit_auditlog SET object_id = 'x' WHERE id = %s",
            "DELETE FROM audit_auditlog WHERE id = %s",
        ):
            with (
                self.subTest(statement=statement),
                self.assertRaises(DatabaseError),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement, [row_id])
        self.assertEqual(AuditLog.objects.get(id=row_id).object_id, "1")

    @skipUnless(connection.vendor == "postgresql", "roles and ownership: PostgreSQL")
    def test_the_owner_can_switch_the_trigger_off_a_role_owning_nothing_cannot(self):
        """Why production runs the application as a role that does not own the audit table
        (docs/security.md, "Append-only at the database"); the owner's rewrite is caught by
        the keyed chain."""
        rows = self.write_rows(4)
        owner, writer = (f"rihai_test_{name}_{os.getpid()}" for name in ("owner", "writer"))

        def attempt(cursor, sql, params=()):
            try:
                with transaction.atomic():
                    cursor.execute(sql, params)
            except DatabaseError:
                return "refused"
            return "done"

        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks: ALTER TABLE
            cursor.execute(f"CREATE ROLE {owner} NOLOGIN")
            cursor.execute(f"CREATE ROLE {writer} NOLOGIN")
            try:
                cursor.execute(f"GRANT USAGE ON SCHEMA public TO {owner}, {writer}")
                cursor.execute(f"GRANT SELECT, INSERT ON audit_auditlog TO {writer}")
                cursor.execute(f"GRANT SELECT, UPDATE ON audit_auditchainhead TO {owner}")
                cursor.execute(f"ALTER TABLE audit_auditlog OWNER TO {owner}")
                delete = ("DELETE FROM audit_auditlog WHERE id = %s", [rows[1].id])
                disable = "ALTER TABLE audit_auditlog DISABLE TRIGGER audit_auditlog_append_only"
                replica = "SET session_replication_role = replica"
                cursor.execute(f"SET ROLE {writer}")
                self.assertEqual(
                    [attempt(cursor, *delete), attempt(cursor, disable), attempt(cursor, replica)],
                    ["refused", "refused", "refused"],
                )
                cursor.execute(f"SET ROLE {owner}")
                self.assertEqual(
                    [attempt(cursor, *delete), attempt(cursor, replica)], ["refused", "refused"]
                )
                self.assertEqual(attempt(cursor, disable), "done")  # the limit
                rewrite_after_deleting(cursor, rows[1].id, rehash=plain_sha256)
            finally:
                cursor.execute("RESET ROLE")
                cursor.execute("ALTER TABLE audit_auditlog OWNER TO CURRENT_USER")
                cursor.execute(
                    "ALTER TABLE audit_auditlog ENABLE TRIGGER audit_auditlog_append_only"
                )
                for role in (owner, writer):
                    cursor.execute(f"DROP OWNED BY {role}")
                    cursor.execute(f"DROP ROLE {role}")
        self.assertEqual(verify_chain().row_id, rows[1].id)


class EventRegistryTest(RihaiTestCase):
    def test_an_event_no_app_declares_is_refused(self):
        head = AuditChainHead.objects.get(id=1).last_id
        with self.assertRaises(UnknownAuditEventError):
            record_audit(event="made-up-event", object_type="t", object_id=1)
        self.assertEqual(AuditChainHead.objects.get(id=1).last_id, head)

    def test_an_event_declared_by_an_app_plugin_is_accepted(self):
        row = record_audit(event="testnote-read", object_type="testapp.note", object_id=1)
        self.assertEqual(row.event, "testnote-read")
        self.assertIsNone(verify_chain())
