"""What the operations app adds: the audit events of retention, holds and erasure requests."""

from django.utils.translation import gettext_lazy as _

from rihai.core.plugins import RihaiApp

APP = RihaiApp(
    label="ops",
    audit_events={
        "retention-anonymised": _("Record anonymised at the end of its retention period"),
        "retention-deleted": _("Record deleted at the end of its retention period"),
        "hold-placed": _("Legal hold placed"),
        "hold-lifted": _("Legal hold lifted"),
        "erasure-requested": _("Erasure of a person requested"),
        "erasure-rejected": _("Erasure of a person rejected"),
    },
)
