"""Reasons in words, in the reader's language (the stored result holds only codes and numbers)."""

from django.utils.translation import gettext as _

from rihai.core.bilingual import in_language

from .engine import load_ruleset


def _label(item) -> str:
    return in_language(item.en, item.ur)


def describe(reason: dict, *, version: str) -> str:
    ruleset = load_ruleset(version)
    code = reason["code"]
    if code == "dimension-positive":
        dim = next(d for d in ruleset.dimensions if d.id == reason["dimension"])
        return _("%(dimension)s: indicators present (%(s)d strong, %(m)d medium, %(w)d weak).") % {
            "dimension": _label(dim),
            "s": reason["strong"],
            "m": reason["medium"],
            "w": reason["weak"],
        }
    if code == "ilo-positive":
        if reason["child"]:
            return _(
                "ILO indicators: exploitative conditions and an act or recruitment element are present. For a child, means are not required."
            )
        return _(
            "ILO indicators: recruitment, exploitation and coercion or abuse at destination are all present."
        )
    if code == "ptpa-met":
        if reason["child"] and not reason["means"]:
            return _(
                "PTPA 2018: an act and an exploitative purpose are present; for a child, force, fraud or coercion need not be shown (s.7)."
            )
        return _("PTPA 2018: act, means and purpose of trafficking are all present (s.3).")
    if code == "ptpa-missing":
        names = {"act": _("act"), "means": _("means"), "purpose": _("purpose")}
        return _("PTPA 2018 elements not yet shown: %(elements)s.") % {
            "elements": ", ".join(str(names[e]) for e in reason["elements"])
        }
    if code == "smuggling-pattern":
        if reason["with_exploitation"]:
            return _(
                "Signs of migrant smuggling (PSMA 2018) as well: the person may have been smuggled and then trafficked."
            )
        return _(
            "Signs of migrant smuggling (PSMA 2018): consent to an irregular crossing with no exploitation shown. Refer to FIA for smuggling; keep screening for exploitation."
        )
    return code
