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
