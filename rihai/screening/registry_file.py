"""Reading the Bureau's OEP list (CSV) and comparing it with the registry: no database writes.

Columns (header names, any order, case-insensitive): ``licence``, ``name``, ``status``
(required), ``city``, ``valid_from``, ``valid_until``, ``phones``, ``addresses`` (optional;
several phones or addresses are separated by ``;``). A licence is written ``NNNN/CITY``
(domain.md §2; 3–4 digits, a three-letter city code, an optional prefix such as ``MPD/``)
and stored as four digits and the code, the form adscreen extracts from ads.
"""

import csv
import io
import re
from datetime import date

import phonenumbers
from django.utils.translation import gettext as _

from rihai.core.transliterate import skeleton

from .models.registry import PromoterStatus

REQUIRED_COLUMNS = ("licence", "name", "status")
OPTIONAL_COLUMNS = ("city", "valid_from", "valid_until", "phones", "addresses")
COMPARED_FIELDS = ("name", "city", "status", "valid_from", "valid_until", "phones", "addresses")
MAX_ROWS = 20_000
_LICENCE = re.compile(r"^(?:[A-Za-z]{2,4}\s?/\s?)?(\d{3,4})\s?/\s?([A-Za-z]{3})$")
_HEADER_ALIASES = {"license": "licence", "licence_no": "licence", "license_no": "licence"}
# Words every promoter's name shares: matching on them would match everyone.
_GENERIC_WORDS = {
    "overseas",
    "employment",
    "promoter",
    "promoters",
    "international",
    "intl",
    "pvt",
    "private",
    "ltd",
    "limited",
    "co",
    "company",
    "and",
    "the",
    "travel",
    "travels",
    "manpower",
    "services",
    "oep",
    "اوورسیز",
    "ایمپلائمنٹ",
    "پرموٹرز",
    "پروموٹرز",
    "انٹرنیشنل",
    "پرائیویٹ",
    "لمیٹڈ",
}


class RegistryFileError(ValueError):
    """The file as a whole cannot be read (not CSV, missing columns): nothing is previewed."""


def canonical_licence(text: str) -> str:
    """``"MPD/2671/lhr"`` → ``"2671/LHR"``; ``""`` when it is not a licence number."""
    match = _LICENCE.match((text or "").strip())
    if not match:
        return ""
    return f"{match.group(1).zfill(4)}/{match.group(2).upper()}"


def name_key(name: str) -> str:
    """The distinctive words of a promoter's name as consonant skeletons, Urdu or Roman."""
    words = [w for w in re.split(r"[\s\-.,&()/]+", name.lower()) if w and w not in _GENERIC_WORDS]
    return skeleton(" ".join(words))


def _phone(text: str) -> str:
    try:
        number = phonenumbers.parse(text, "PK")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _date(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    return date.fromisoformat(text).isoformat()  # ValueError on anything else


def _parse_row(raw: dict) -> dict:
    """One row's fields, cleaned; ValueError(reason code, see ``reasons.py``) for a bad row."""
    licence = canonical_licence(raw.get("licence", ""))
    if not licence:
        raise ValueError("licence-format")
    name = (raw.get("name") or "").strip()
    if not name:
        raise ValueError("name-empty")
    status = (raw.get("status") or "").strip().lower()
    if status not in PromoterStatus.values:
        raise ValueError("status")
    try:
        valid_from, valid_until = (
            _date(raw.get("valid_from") or ""),
            _date(raw.get("valid_until") or ""),
        )
    except ValueError:
        raise ValueError("dates") from None
    if valid_from and valid_until and valid_until < valid_from:
        raise ValueError("date-order")
    phones = []
    for part in (raw.get("phones") or "").split(";"):
        if part.strip():
            phone = _phone(part)
            if not phone:
                raise ValueError("phone")
            if phone not in phones:
                phones.append(phone)
    addresses = [a.strip() for a in (raw.get("addresses") or "").split(";") if a.strip()]
    return {
        "licence_as_written": (raw.get("licence") or "").strip()[:40],
        "name": name[:200],
        "city": (raw.get("city") or "").strip()[:60],
        "status": status,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "phones": phones,
        "addresses": addresses,
    }


def read_registry_csv(content: bytes) -> tuple[dict[str, dict], dict]:
    """The good rows by licence, and the problems: {"errors": [...], "conflicting": [...]}.

    A licence that appears twice with different details is conflicting: neither row is
    applied and both lines are reported. RegistryFileError when the file cannot be read.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RegistryFileError(_("The file is not UTF-8 text.")) from None
    if "\x00" in text:
        raise RegistryFileError(_("The file is not a CSV file."))
    reader = csv.DictReader(io.StringIO(text))
    header = [
        _HEADER_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in reader.fieldnames or []
    ]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise RegistryFileError(
            _("The file lacks the columns: %(cols)s. Required: %(req)s.")
            % {"cols": ", ".join(missing), "req": ", ".join(REQUIRED_COLUMNS)}
        )
    reader.fieldnames = header
    rows: dict[str, dict] = {}
    lines: dict[str, list[int]] = {}
    errors: list[dict] = []
    conflicting: set[str] = set()
    try:
        for number, raw in enumerate(reader, start=2):
            if number - 1 > MAX_ROWS:
                raise RegistryFileError(_("The file has more than 20,000 rows."))
            if None in raw:  # more cells than the header has columns
                errors.append({"line": number, "reason": "width"})
                continue
            try:
                row = _parse_row(raw)
            except ValueError as exc:
                errors.append({"line": number, "reason": str(exc)})
                continue
            licence = canonical_licence(raw["licence"])
            lines.setdefault(licence, []).append(number)
            if licence in rows and _compared(rows[licence]) != _compared(row):
                conflicting.add(licence)
            rows.setdefault(licence, row)
    except csv.Error as exc:
        raise RegistryFileError(_("The file is not a readable CSV file.")) from exc
    for licence in conflicting:
        rows.pop(licence)
    report = {
        "errors": errors,
        "conflicting": [{"licence": lic, "lines": lines[lic]} for lic in sorted(conflicting)],
    }
    return rows, report


def _compared(fields: dict) -> dict:
    return {k: fields.get(k) for k in COMPARED_FIELDS}


def promoter_fields(promoter) -> dict:
    """A stored promoter in the same shape as a parsed row, to compare them."""
    return {
        "name": promoter.name,
        "city": promoter.city,
        "status": promoter.status,
        "valid_from": promoter.valid_from.isoformat() if promoter.valid_from else None,
        "valid_until": promoter.valid_until.isoformat() if promoter.valid_until else None,
        "phones": list(promoter.phones),
        "addresses": list(promoter.addresses),
    }


def diff(rows: dict[str, dict], current: dict[str, dict]) -> dict:
    """{"new": [licence], "changed": [{licence, fields}], "unchanged": [licence]}."""
    new, changed, unchanged = [], [], []
    for licence in sorted(rows):
        before = current.get(licence)
        if before is None:
            new.append(licence)
            continue
        after = _compared(rows[licence])
        fields = [k for k in COMPARED_FIELDS if before.get(k) != after.get(k)]
        if fields:
            changed.append({"licence": licence, "fields": fields})
        else:
            unchanged.append(licence)
    return {"new": new, "changed": changed, "unchanged": unchanged}
