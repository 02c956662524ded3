"""What a referral carries to its recipient: only the fields chosen, taken when it is made.

The snapshot is frozen at referral time and stored encrypted on the referral; later changes
to the person's record never reach the recipient, and nothing outside the snapshot does.
"""

from rihai.cases.masking import mask

from .choices import SharedField

# Snapshot fields shown masked to the referring agency's own staff (their person record has
# them, masked too, with an audited reveal).
MASKED_ON_SENDER_SIDE = (SharedField.PHONE.value, SharedField.CNIC.value)


def _first_word(text: str) -> str:
    return (text or "").strip().split(" ")[0] if (text or "").strip() else ""


def build_snapshot(person, *, fields, needs: str, risks: str) -> dict:
    """{field code: value} for exactly ``fields``; CNIC and phone only when chosen."""
    values = {
        SharedField.FIRST_NAME: {
            "roman": _first_word(person.name_roman),
            "ur": _first_word(person.name_ur),
        },
        SharedField.AGE: person.age,
        SharedField.SEX: person.sex,
        SharedField.LANGUAGES: list(person.languages or []),
        SharedField.NEEDS: needs.strip(),
        SharedField.RISKS: risks.strip(),
        SharedField.NATIONALITY: person.nationality,
        SharedField.DISTRICT: person.district.name_en if person.district_id else "",
        SharedField.DISABILITY: bool(person.has_disability),
        SharedField.PHONE: person.phone,
        SharedField.CNIC: person.cnic or person.bform,
    }
    return {str(code): values[code] for code in SharedField if code in set(fields)}


def masked_snapshot(shared: dict) -> dict:
    """``shared`` with its CNIC and phone masked (``cases.masking.mask``)."""
    return {
        code: mask(str(value or "")) if code in MASKED_ON_SENDER_SIDE else value
        for code, value in shared.items()
    }
