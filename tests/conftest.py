import pytest

# The headless-Chromium fixture every browser test uses.
pytest_plugins = ["tests.browser"]


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with empty per-user budgets (the duplicate checks' hourly counter is
    kept in the cache, which outlives a test, and user ids repeat from one test to the next)."""
    from django.core.cache import caches

    caches["default"].clear()


def _flush_around_audit_triggers():
    """Transactional tests end with a flush (DELETE of every table). On SQLite the audit
    table's append-only triggers refuse that DELETE, so the test database's flush lifts them
    for its own statements and puts them back at once. Only the test suite does this."""
    from django.db.backends.sqlite3.base import DatabaseOperations

    from rihai.audit.migrations import _sqlite_triggers

    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with self.connection.cursor() as cursor:
            for statement in _sqlite_triggers.BACKWARD:
                cursor.execute(statement)
        try:
            flush(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                for statement in _sqlite_triggers.FORWARD:
                    cursor.execute(statement)

    DatabaseOperations.execute_sql_flush = execute_sql_flush

    # serialized_rollback restores every table by saving its rows again, which is an UPDATE of
    # audit rows that still exist: the same lifting, for the restore's own statements only.
    from django.db.backends.sqlite3.base import DatabaseCreation

    deserialize = DatabaseCreation.deserialize_db_from_string

    def deserialize_db_from_string(self, data):
        with self.connection.cursor() as cursor:
            for statement in _sqlite_triggers.BACKWARD:
                cursor.execute(statement)
        try:
            deserialize(self, data)
        finally:
            with self.connection.cursor() as cursor:
                for statement in _sqlite_triggers.FORWARD:
                    cursor.execute(statement)

    DatabaseCreation.deserialize_db_from_string = deserialize_db_from_string


def _restore_content_types_in_place():
    """A transactional test without serialized_rollback ends with a flush that recreates the
    content types and permissions (post_migrate), possibly under other ids than the ones saved
    for serialized_rollback; the next serialized test's restore then inserts the saved rows
    beside them and fails on (app_label, model). The restore clears those recreated rows first
    (after a flush nothing else refers to them), so it puts back the originals, ids included."""
    from django.db.backends.base.creation import BaseDatabaseCreation

    deserialize = BaseDatabaseCreation.deserialize_db_from_string

    def deserialize_db_from_string(self, data):
        if '"contenttypes.contenttype"' in data:
            with self.connection.cursor() as cursor:
                cursor.execute("DELETE FROM auth_permission")
                cursor.execute("DELETE FROM django_content_type")
        deserialize(self, data)

    BaseDatabaseCreation.deserialize_db_from_string = deserialize_db_from_string


def pytest_configure(config):
    _restore_content_types_in_place()
    _flush_around_audit_triggers()
