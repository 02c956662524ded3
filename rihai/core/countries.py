"""Countries people are most often recruited to or through from Pakistan (codes ISO 3166-1)."""

from django.utils.translation import gettext_lazy as _

COMMON_COUNTRIES = [
    ("PK", _("Pakistan")),
    ("SA", _("Saudi Arabia")),
    ("AE", _("United Arab Emirates")),
    ("QA", _("Qatar")),
    ("OM", _("Oman")),
    ("KW", _("Kuwait")),
    ("BH", _("Bahrain")),
    ("MY", _("Malaysia")),
    ("IR", _("Iran")),
    ("TR", _("Turkey")),
    ("LY", _("Libya")),
    ("EG", _("Egypt")),
    ("GR", _("Greece")),
    ("IT", _("Italy")),
    ("GB", _("United Kingdom")),
    ("AF", _("Afghanistan")),
    ("CN", _("China")),
    ("TH", _("Thailand")),
    ("AZ", _("Azerbaijan")),
    # Nationalities often met among survivors in Pakistan (registration's nationality).
    ("BD", _("Bangladesh")),
    ("MM", _("Myanmar")),
]


def country_name(code: str) -> str:
    """The translated name of a common country, else its ISO code."""
    return str(dict(COMMON_COUNTRIES).get(code, code))
