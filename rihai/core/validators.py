"""Validation and normalisation of identifiers: CNIC, B-Form, passport, phone, dates."""

import re
from datetime import date, datetime

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The same words as Django's and DRF's own check, so their messages read in Urdu too.
NO_NUL = _("Null characters are not allowed.")

# CNIC and B-Form (NADRA Child Registration Certificate) share the 13-digit shape NNNNN-NNNNNNN-N.
_CNIC = re.compile(r"^\d{5}-?\d{7}-?\d$")
_PASSPORT = re.compile(r"^[A-Z0-9]{6,9}$")


def digits_only(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def normalise_passport(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def normalise_phone(value: str) -> str:
    """E.164 for a valid number (Pakistan is the default region); '' if it cannot be parsed."""
    try:
        number = phonenumbers.parse(value, "PK")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_cnic(value: str) -> None:
    if not _CNIC.match(value.strip()):
        raise ValidationError(
            _("Enter a 13-digit number in the form 12345-1234567-1."), code="invalid_cnic"
        )


def validate_passport(value: str) -> None:
    if not _PASSPORT.match(normalise_passport(value)) or len(value) > 20:
        raise ValidationError(
            _("Enter a passport number of 6 to 9 letters and digits, e.g. AB1234567."),
            code="invalid_passport",
        )


def validate_phone(value: str) -> None:
    if not normalise_phone(value):
        raise ValidationError(
            _("Enter a valid phone number, e.g. 0300-1234567 or +971 50 123 4567."),
            code="invalid_phone",
        )


def validate_not_future(value: date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future_date")


def validate_plausible_birth_date(value: date) -> None:
    validate_not_future(value)
    if value and value.year < timezone.localdate().year - 120:
        raise ValidationError(_("This date of birth is more than 120 years ago."), code="too_old")


#: Where a date is typed freely (list filters, consent expiry): wider than any real record,
#: and away from years 1 and 9999, where midnight in Pakistan has no UTC equivalent and
#: Python raised OverflowError mid-request.
DATE_RANGE = (date(1900, 1, 1), date(2199, 12, 31))


def validate_date_in_range(value: date | datetime | None) -> None:
    day = value.date() if isinstance(value, datetime) else value
    if day and not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_range",
            params={"first": DATE_RANGE[0].isoformat(), "last": DATE_RANGE[1].isoformat()},
        )


def format_cnic(value: str) -> str:
    digits = digits_only(value)
    return f"{digits[:5]}-{digits[5:12]}-{digits[12:]}" if len(digits) == 13 else value
