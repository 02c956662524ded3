"""What the licensed-promoter registry says of a licence number or a recruiter's name.

The registry is the screening app's (the Bureau of Emigration keeps it there). Without that
app the answer is "the registry cannot be checked here", never a guess.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RegistryAnswer:
    status: str  # valid | expired | cancelled | suspended | unknown | unavailable
    licence: str = ""
    name: str = ""
    city: str = ""
    valid_until: str = ""


def look_up(text: str) -> list[RegistryAnswer]:
    text = (text or "").strip()[:120]
    if not text:
        return []
    try:
        from rihai.screening.queries import verify_recruiter
    except ImportError:
        return [RegistryAnswer(status="unavailable")]
    answers = verify_recruiter(text)
    if not isinstance(answers, list | tuple):
        answers = [answers]
    found = []
    for answer in answers:
        get = answer.get if isinstance(answer, dict) else lambda k, a=answer: getattr(a, k, "")
        found.append(
            RegistryAnswer(
                status=str(get("status") or "unknown"),
                licence=str(get("licence_number") or get("licence") or ""),
                name=str(get("name") or ""),
                city=str(get("city") or ""),
                valid_until=str(get("valid_until") or ""),
            )
        )
    return found or [RegistryAnswer(status="unknown")]
