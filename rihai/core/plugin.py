"""The core app's menu entries (the home page, the API documentation) and its audit events."""

from django.utils.translation import gettext_lazy as _

from .plugins import NavEntry, RihaiApp

APP = RihaiApp(
    label="core",
    audit_events={"notification-read": _("Notification read")},
    nav=[
        NavEntry(_("Home"), "core:home", None, order=0),
        NavEntry(_("API"), "api-docs", None, _("The REST API and its OpenAPI schema."), order=99),
    ],
)
