"""The core app's menu entries (the home page, the API documentation), its audit events and the
retention of idempotency keys."""

from django.utils.translation import gettext_lazy as _

from .plugins import NO_MANUAL_HOLD, NavEntry, Retention, RetentionRule, RihaiApp

APP = RihaiApp(
    label="core",
    audit_events={"notification-read": _("Notification read")},
    nav=[
        NavEntry(_("Home"), "core:home", None, order=0),
        NavEntry(_("API"), "api-docs", None, _("The REST API and its OpenAPI schema."), order=99),
    ],
    retention=Retention(
        rules=[
            RetentionRule(
                code="core.idempotency-key",
                label=_("Idempotency key of an API create"),
                default_days=30,
                disposal="delete",
                clock=_("the create it answered"),
                candidates="rihai.core.retention.expired_keys",
                dispose="rihai.core.retention.delete_key",
                lock=NO_MANUAL_HOLD,
                basis=_(
                    "Needed only while a client may retry; hashes and a record id, no "
                    "personal data."
                ),
            )
        ]
    ),
)
