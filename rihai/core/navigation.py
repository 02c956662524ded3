"""The main menu: an entry appears only for users whose role grants its resource."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    resource: str | None  # None: every signed-in user
    description: str = ""
    action: str = "view"


NAV_ENTRIES = [
    NavEntry(_("Home"), "core:home", None),
    NavEntry(
        _("Cases"),
        "cases:list",
        "case",
        _("Register and screen possible victims; manage their cases."),
    ),
    NavEntry(
        _("Audit log"),
        "audit:list",
        "audit",
        _("Who saw and changed what, in a tamper-evident chain."),
    ),
    NavEntry(
        _("Administration"), "admin:index", "user", _("Agencies, users and roles."), action="change"
    ),
    NavEntry(_("API"), "api-docs", None, _("The REST API and its OpenAPI schema.")),
]


def entries_for(user, *, current_path: str = "") -> list[dict]:
    items = []
    for entry in NAV_ENTRIES:
        if entry.resource and not user.can(entry.resource, entry.action):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue  # the module is not installed in this deployment
        active = url == current_path if url == "/" else current_path.startswith(url)
        items.append(
            {
                "label": entry.label,
                "url": url,
                "active": active,
                "description": entry.description,
                "resource": entry.resource,
            }
        )
    return items
