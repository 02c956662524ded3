"""What the licensed-promoter registry says of a licence number or a recruiter's name.

The registry is the screening app's (the Bureau of Emigration keeps it there). Without that
app the answer is "the registry cannot be checked here", never a guess.
"""

from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class RegistryAnswer:
    status: str  # valid | expired | cancelled | suspended | unknown | unavailable
    licence: str = ""
    name: str = ""
    city: str = ""
    valid_until: str = ""


def look_up(text: str) -> list[RegistryAnswer]:
    """One answer per promoter the register holds for this licence number or name (each with
    its own status today), or a single "unknown"; "unavailable" without the screening app."""
    text = (text or "").strip()[:120]
    if not text:
        return []
    try:
        from rihai.screening.queries import verify_recruiter
    except ImportError:
        return [RegistryAnswer(status="unavailable")]
    today = timezone.localdate()
    verification = verify_recruiter(text, on=today)
    if not verification.promoters:
        return [RegistryAnswer(status=verification.status)]
    return [
        RegistryAnswer(
            status=promoter.status_on(today),
            licence=promoter.licence,
            name=promoter.name,
            city=promoter.city,
            valid_until=promoter.valid_until.isoformat() if promoter.valid_until else "",
        )
        for promoter in verification.promoters[:10]
    ]
