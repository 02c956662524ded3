"""The core app's menu entries: the home page and the API documentation."""

from django.utils.translation import gettext_lazy as _

from .plugins import NavEntry, RihaiApp

APP = RihaiApp(
    label="core",
    nav=[
        NavEntry(_("Home"), "core:home", None, order=0),
        NavEntry(_("API"), "api-docs", None, _("The REST API and its OpenAPI schema."), order=99),
    ],
)
