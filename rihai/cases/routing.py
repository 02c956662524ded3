"""Who must act on a case, from its facts (PTPA s.8 and provincial practice)."""

from dataclasses import dataclass

from .choices import ExploitationType, Jurisdiction


@dataclass(frozen=True)
class Suggestion:
    jurisdiction: str
    reason_code: str


def suggest_jurisdictions(
    *,
    is_transnational: bool,
    exploitation_types: list[str],
    any_child: bool,
    age_unknown: bool = False,
) -> list[Suggestion]:
    """Every body that should act; a case can need several (a trafficked child in a brick kiln)."""
    suggestions = []
    if is_transnational:
        # PTPA s.8: FIA investigates where transport into or out of Pakistan is part of it.
        suggestions.append(Suggestion(Jurisdiction.FIA, "cross-border"))
    else:
        suggestions.append(Suggestion(Jurisdiction.POLICE, "domestic"))
    if ExploitationType.BONDED_LABOUR in exploitation_types:
        suggestions.append(Suggestion(Jurisdiction.LABOUR, "bonded-labour"))
    if any_child or age_unknown:
        suggestions.append(
            Suggestion(Jurisdiction.CHILD_PROTECTION, "child" if any_child else "age-unknown")
        )
    return suggestions


def describe(suggestion: Suggestion) -> str:
    from django.utils.translation import gettext as _

    reasons = {
        "cross-border": _("Movement into or out of Pakistan is part of the case (PTPA s.8)."),
        "domestic": _(
            "Trafficking within Pakistan is investigated by the provincial police (PTPA s.8)."
        ),
        "bonded-labour": _(
            "Bonded labour: the labour department enforces the Bonded Labour System (Abolition) Act."
        ),
        "child": _("A child is involved: the child protection unit must be informed."),
        "age-unknown": _("The age is unknown: treat as a possible child until it is established."),
    }
    return str(reasons[suggestion.reason_code])
