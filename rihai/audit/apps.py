from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_sqlite_triggers(using, **kwargs):
    """SQLite rebuilds a table to alter it, losing its triggers: put them back after every
    migrate, so a future migration of the audit table cannot silently drop the protection."""
    from django.db import connections

    from .migrations import _sqlite_triggers

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    tables = connection.introspection.table_names()
    if "audit_auditlog" not in tables:
        return
    with connection.cursor() as cursor:
        for statement in _sqlite_triggers.FORWARD:
            cursor.execute(statement)
        if "audit_auditjournal" in tables:
            for statement in _sqlite_triggers.JOURNAL_FORWARD:
                cursor.execute(statement)


class AuditConfig(AppConfig):
    name = "rihai.audit"
    verbose_name = _("Audit log")

    def ready(self):
        post_migrate.connect(_ensure_sqlite_triggers, sender=self)
