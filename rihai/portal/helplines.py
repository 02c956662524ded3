"""Helplines shown to the public. A number is published only when it is verified.

"Verified" here means an official source ([V]) or at least two independent secondary sources
([S] that agree); the evidence is kept beside each number, from the project's domain reference
(facts are marked there as [V] verified, [S] secondary or [U] unverified). An unverified
number is kept here, with why, so that someone can verify it — but never shown.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Helpline:
    number: str
    name: str
    scope: str
    sources: tuple[str, ...]
    verified: bool
    note: str = ""


HELPLINES = (
    Helpline(
        "111-247-786",
        _("FIA national helpline against human trafficking"),
        _("All Pakistan. Complaints are passed to the police; victims are referred for help."),
        (
            "dawn.com/news/1797803 (launch with the ILO, 14 December 2023)",
            "nation.com.pk, 15 December 2023",
        ),
        verified=True,
        note="[S] two independent news sources agree",
    ),
    Helpline(
        "1099",
        _("Ministry of Human Rights helpline (free legal advice)"),
        _("All Pakistan."),
        ("nation.com.pk, 8 November 2020", "app.com.pk (Associated Press of Pakistan)"),
        verified=True,
        note="[S] two independent sources agree",
    ),
    Helpline(
        "1121",
        _("Child Protection and Welfare Bureau, Punjab (a child in danger)"),
        _("Punjab."),
        ("punjab.gov.pk/childhelpline1121 (official)", "cpwb.punjab.gov.pk/faqs (official)"),
        verified=True,
        note="[V] official pages",
    ),
    # Not published until verified:
    Helpline(
        "15",
        _("Police emergency"),
        _("All Pakistan."),
        ("urdupoint.com, 27 June 2024",),
        verified=False,
        note="[S] one secondary source only; well known, but not verified here",
    ),
    Helpline(
        "1122",
        _("Rescue (ambulance and emergencies)"),
        _("All Pakistan."),
        ("one secondary source",),
        verified=False,
        note="[S] one source only",
    ),
    Helpline(
        "1098",
        _("Madadgaar helpline"),
        "",
        ("seen only in a list in a public repository",),
        verified=False,
        note="[U]",
    ),
    Helpline(
        "1043",
        _("Punjab women's helpline"),
        "",
        ("seen only in a list in a public repository",),
        verified=False,
        note="[U]",
    ),
)


def published() -> list[Helpline]:
    return [h for h in HELPLINES if h.verified]
