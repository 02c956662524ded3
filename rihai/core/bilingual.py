"""One way to show reference data in the reader's language.

Interface text goes through gettext; reference data that is stored or shipped with both names
(districts, agencies, roles, offences, providers, indicators) goes through ``in_language``, so
the Urdu value is shown on Urdu pages and the English one elsewhere or when no Urdu is held.
"""

from django.utils import translation


def reading_urdu() -> bool:
    return (translation.get_language() or "").split("-")[0] == "ur"


def in_language(english: str, urdu: str = "") -> str:
    """The Urdu value on Urdu pages when there is one, else the English value."""
    return urdu if urdu and reading_urdu() else english
