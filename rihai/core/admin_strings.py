"""Words of Django's admin that Django's own Urdu catalogue leaves in English.

Listed here (never called) so that ``make messages`` puts them in Rihai's catalogue, which takes
precedence over Django's: the administrator's screens are then Urdu throughout.
"""

from django.utils.translation import gettext_noop

ADMIN_CHROME = [
    gettext_noop("Rihai administration"),
    gettext_noop("Recent actions"),
    gettext_noop("My actions"),
    gettext_noop("View site"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Select %(verbose_name)s to change"),
    gettext_noop("Clear all filters"),
    gettext_noop("Hide"),
    gettext_noop("Show"),
    gettext_noop("Skip to main content"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Apps"),
    gettext_noop("View"),
    gettext_noop("Save and view"),
    gettext_noop("Close"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Yes, I’m sure"),
    gettext_noop("No, take me back"),
]
