import pytest

# The headless-Chromium fixture every browser test uses.
pytest_plugins = ["tests.browser"]


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


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


def pytest_configure(config):
    _flush_around_audit_triggers()
