"""The SQLite append-only triggers, shared by migration 0005 and the post-migrate check."""

FORWARD = [
    "CREATE TRIGGER IF NOT EXISTS audit_auditlog_no_update BEFORE UPDATE ON audit_auditlog "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditlog is append-only: UPDATE refused'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_auditlog_no_delete BEFORE DELETE ON audit_auditlog "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditlog is append-only: DELETE refused'); END",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditlog_no_update",
    "DROP TRIGGER IF EXISTS audit_auditlog_no_delete",
]

# The journal of views: never changed. (Deleting is how the sealer moves rows into the chain;
# SQLite has no per-transaction setting to tell the sealer apart, so only PostgreSQL, the
# production database, refuses other deletes. The HMAC on each row catches a change.)
JOURNAL_FORWARD = [
    "CREATE TRIGGER IF NOT EXISTS audit_auditjournal_no_update BEFORE UPDATE ON "
    "audit_auditjournal BEGIN SELECT RAISE(ABORT, 'audit_auditjournal is append-only: "
    "UPDATE refused'); END",
]
JOURNAL_BACKWARD = ["DROP TRIGGER IF EXISTS audit_auditjournal_no_update"]
