"""What the audit app adds: the audit resource, the shared event verbs and its menu entries."""

from django.utils.translation import gettext_lazy as _

from rihai.accounts.permissions import Scope
from rihai.core.plugins import NavEntry, RihaiApp

from .models import AuditEvent

AUDIT_RESOURCE = "audit"

APP = RihaiApp(
    label="audit",
    resources={AUDIT_RESOURCE: _("Audit log")},
    # The shared verbs every app may write (record-created, record-viewed, ...); an app with
    # an event of its own declares it in its own plugin.
    audit_events={e.value: e.label for e in AuditEvent},
    grants={
        "supervisor": [(AUDIT_RESOURCE, "view", Scope.AGENCY)],
        "auditor": [(AUDIT_RESOURCE, "view", Scope.ALL)],
    },
    nav=[
        NavEntry(
            _("Audit log"),
            "audit:list",
            AUDIT_RESOURCE,
            _("Who saw and changed what, in a tamper-evident chain."),
            order=80,
        ),
        NavEntry(
            _("Unusual activity"),
            "audit:unusual",
            AUDIT_RESOURCE,
            _("Users with many refused requests or many views of personal data."),
            order=81,
        ),
    ],
)
