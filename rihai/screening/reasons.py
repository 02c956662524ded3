"""Why a row of an uploaded file was not used: stored as a code, shown in the reader's language.

Reports keep codes (never the row's content, which may hold suspects' numbers), so the same
report reads in English or Urdu whoever uploaded it.
"""

from django.utils.translation import gettext_lazy as _

REASONS = {
    # ad files (adscreen's reject reasons, grouped)
    "no-text": _("the row has no ad text"),
    "no-id": _("the row has no id"),
    "bad-json": _("the line is not valid JSON"),
    "bad-csv": _("the row does not fit the CSV columns"),
    "bad-encoding": _("the line is not valid UTF-8 text"),
    "too-long": _("the line is longer than 1 MB"),
    "unreadable": _("the row could not be read"),
    # registry files
    "licence-format": _("licence number is not of the form NNNN/CITY"),
    "name-empty": _("name is empty"),
    "status": _("status must be valid, expired, cancelled or suspended"),
    "dates": _("dates must be written YYYY-MM-DD"),
    "date-order": _("valid until is before valid from"),
    "phone": _("a phone number is not valid"),
    "width": _("more cells than columns"),
}


def reason_label(code: str) -> str:
    return str(REASONS.get(code, REASONS["unreadable"]))


def reason_of_reject(reason: str) -> str:
    """adscreen's English reject reason → one of the codes above."""
    prefixes = (
        ("no text", "no-text"),
        ("missing 'id'", "no-id"),
        ("'id' must", "no-id"),
        ("invalid JSON", "bad-json"),
        ("JSON nested", "bad-json"),
        ("expected an object", "bad-json"),
        ("expected ", "bad-csv"),
        ("invalid CSV", "bad-csv"),
        ("not valid UTF-8", "bad-encoding"),
        ("lone surrogate", "bad-encoding"),
        ("line longer", "too-long"),
    )
    for prefix, code in prefixes:
        if reason.startswith(prefix):
            return code
    return "unreadable"


def with_labels(rejects: list[dict]) -> list[dict]:
    return [{**r, "label": reason_label(r.get("reason", ""))} for r in rejects]
