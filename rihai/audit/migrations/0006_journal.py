"""The journal of personal-data views (``journal.py``), append-only like the audit log.

On PostgreSQL a trigger refuses UPDATE always, and DELETE unless the transaction has set
``rihai.audit_sealer`` (the sealer does, with SET LOCAL, in the transaction that also writes
the rows into the chain). Like the audit log's trigger it stops mistakes and code that
bypasses the ORM, not someone who can drop it: each row's HMAC catches that.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from ._sqlite_triggers import JOURNAL_BACKWARD, JOURNAL_FORWARD

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_auditjournal_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('rihai.audit_sealer', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_auditjournal is append-only: %% refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditjournal_append_only
    BEFORE UPDATE OR DELETE ON audit_auditjournal
    FOR EACH ROW EXECUTE FUNCTION audit_auditjournal_guard();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS audit_auditjournal_append_only ON audit_auditjournal;
DROP FUNCTION IF EXISTS audit_auditjournal_guard();
"""


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in JOURNAL_FORWARD:
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in JOURNAL_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_sqlite_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditJournal",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("event_time", models.DateTimeField(default=django.utils.timezone.now)),
                ("event", models.CharField(max_length=40)),
                ("acting_username", models.CharField(blank=True, max_length=150)),
                ("agency_id", models.BigIntegerField(blank=True, null=True)),
                ("object_type", models.CharField(blank=True, max_length=60)),
                ("object_id", models.CharField(blank=True, max_length=64)),
                (
                    "interface",
                    models.CharField(
                        choices=[
                            ("web", "Web"),
                            ("api", "API"),
                            ("cli", "Command line"),
                            ("system", "System"),
                        ],
                        max_length=10,
                    ),
                ),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                ("request_id", models.CharField(blank=True, max_length=36)),
                ("extra", models.JSONField(blank=True, default=dict)),
                ("key_id", models.CharField(max_length=16)),
                ("mac", models.CharField(max_length=64)),
                (
                    "acting_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "unsealed audit entry",
                "verbose_name_plural": "unsealed audit entries",
                "ordering": ["id"],
            },
        ),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
