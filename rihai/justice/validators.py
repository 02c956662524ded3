"""Identifiers of suspects: OEP licence numbers; CNIC and phone reuse the cases validators."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Observed shape, not an official spec (reference notes, section 2): 3-4 digits, '/', a
# 3-letter city code (0848/LHR), sometimes with a prefix (MPD/2671/LHR). The pattern only
# catches typos; the BE&OE list is the authority on whether a licence exists.
_OEP_LICENCE = re.compile(r"^(?:[A-Z]{2,4}/)?\d{3,4}/[A-Z]{3}$")


def normalise_licence(value: str) -> str:
    return "".join(value.upper().split())


def validate_oep_licence(value: str) -> None:
    if not _OEP_LICENCE.match(normalise_licence(value)):
        raise ValidationError(
            _("Enter an OEP licence number such as 0848/LHR."), code="invalid_licence"
        )
