"""The main menu: the installed apps' entries, each shown only where the role grants it."""

from django.urls import NoReverseMatch, reverse

from .plugins import NavEntry, nav_entries

__all__ = ["NavEntry", "entries_for"]


def entries_for(user, *, current_path: str = "") -> list[dict]:
    items = []
    for entry in nav_entries():
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
