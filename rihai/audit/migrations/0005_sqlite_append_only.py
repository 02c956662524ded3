"""On SQLite, triggers refusing UPDATE and DELETE of audit rows, as 0002 does for PostgreSQL.

Like PostgreSQL's, they stop mistakes and code that bypasses the ORM, not someone who can
drop them: the keyed chain and the checkpoints catch that. SQLite rebuilds a table to alter
it and the rebuilt table has no triggers, so ``AuditConfig.ready`` re-creates them after
every migrate. SQLite fires a DELETE trigger for each row even of ``DELETE FROM
audit_auditlog``, which is how Django's ``flush`` empties a table: a TransactionTestCase that
commits audit rows on SQLite must drop the triggers before its flush.
"""

from django.db import migrations

from ._sqlite_triggers import BACKWARD, FORWARD


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in FORWARD:
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_keyed_chain_and_denials")]
    operations = [migrations.RunPython(add_triggers, drop_triggers)]
