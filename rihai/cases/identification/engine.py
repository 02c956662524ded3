"""Evaluate screening answers against one version of the indicator set.

The engine recommends; it never decides. A person reads the recommendation and its reasons and
records the decision as a status change (identification needs a supervisor's approval).
"""

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
WEIGHTS = {"S": "strong", "M": "medium", "W": "weak"}


@dataclass(frozen=True)
class Indicator:
    id: str
    dimension: str
    en: str
    ur: str
    adult: str | None  # "strong" | "medium" | "weak" | None (not in the adult list)
    child: str | None


@dataclass(frozen=True)
class Dimension:
    id: str
    stage: str  # recruitment | exploitation | destination
    en: str
    ur: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class RuleSet:
    version: str
    dimensions: tuple[Dimension, ...]
    positive_if: tuple[dict, ...]
    victim_rule: dict  # {"adult": [[stage, ...], ...], "child": [...]}: AND of OR-groups
    ptpa: dict  # element -> list of {id, en, ur}
    psma: tuple[dict, ...]
    indicators: dict = field(default_factory=dict)  # id -> Indicator

    @property
    def all_question_ids(self) -> set[str]:
        ids = set(self.indicators)
        ids |= {q["id"] for element in self.ptpa.values() for q in element}
        ids |= {q["id"] for q in self.psma}
        return ids


def available_versions() -> list[str]:
    return sorted(
        tomllib.loads(p.read_text("utf-8"))["version"] for p in DATA_DIR.glob("screening-*.toml")
    )


@cache
def load_ruleset(version: str) -> RuleSet:
    for path in DATA_DIR.glob("screening-*.toml"):
        data = tomllib.loads(path.read_text("utf-8"))
        if data["version"] == version:
            return _build(data)
    raise LookupError(f"no screening rules with version {version!r}")


def _build(data: dict) -> RuleSet:
    dimensions, indicators = [], {}
    for d in data["dimension"]:
        items = []
        for raw in d["indicators"]:
            adult, child = (WEIGHTS.get(w) for w in raw["w"])
            indicator = Indicator(raw["id"], d["id"], raw["en"], raw["ur"], adult, child)
            items.append(indicator)
            indicators[indicator.id] = indicator
        dimensions.append(Dimension(d["id"], d["stage"], d["en"], d["ur"], tuple(items)))
    return RuleSet(
        version=data["version"],
        dimensions=tuple(dimensions),
        positive_if=tuple(data["rule"]["positive_if"]),
        victim_rule={"adult": data["rule"]["adult"], "child": data["rule"]["child"]},
        ptpa=data["ptpa"],
        psma=tuple(data["psma"]["indicators"]),
        indicators=indicators,
    )


def clean_answers(ruleset: RuleSet, answers: dict) -> dict[str, bool]:
    """Only known question ids with yes/no values; anything else is a field error."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Answers must be a mapping of question to yes or no.")})
    known = ruleset.all_question_ids
    cleaned, errors = {}, {}
    for key, value in answers.items():
        if key not in known:
            errors[key] = _("Unknown question for this version of the screening.")
        elif value in (True, "yes", "true", "1", 1, "on"):
            cleaned[key] = True
        elif value in (False, "no", "false", "0", 0, "", None):
            cleaned[key] = False
        else:
            errors[key] = _("Answer yes or no.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _dimension_positive(counts: dict[str, int], rules: tuple[dict, ...]) -> bool:
    medium_or_weak = counts["medium"] + counts["weak"]
    for rule in rules:
        if all(
            (medium_or_weak if key == "medium_or_weak" else counts[key]) >= need
            for key, need in rule.items()
        ):
            return True
    return False


def evaluate(answers: dict, *, is_child: bool, version: str) -> dict:
    """The recommendation, with every reason a person needs to check it.

    Returns ``{"version", "is_child", "dimensions": {id: {...}}, "ilo": {...}, "ptpa": {...},
    "smuggling": {...}, "recommendation", "reasons": [{"code", ...}]}``.
    """
    ruleset = load_ruleset(version)
    yes = {k for k, v in clean_answers(ruleset, answers).items() if v}
    weight_of = "child" if is_child else "adult"
    dimensions = {}
    for d in ruleset.dimensions:
        counts = {"strong": 0, "medium": 0, "weak": 0}
        present = []
        for indicator in d.indicators:
            weight = getattr(indicator, weight_of)
            if indicator.id in yes and weight:
                counts[weight] += 1
                present.append(indicator.id)
        dimensions[d.id] = {
            "stage": d.stage,
            **counts,
            "present": present,
            "positive": _dimension_positive(counts, ruleset.positive_if),
        }

    elements = {
        name: [q["id"] for q in questions if q["id"] in yes]
        for name, questions in ruleset.ptpa.items()
    }
    act, means, purpose = (bool(elements[e]) for e in ("act", "means", "purpose"))
    stages = {
        stage: any(v["positive"] for v in dimensions.values() if v["stage"] == stage)
        for stage in ("recruitment", "exploitation", "destination")
    }
    stages["act"] = act
    recruitment, exploitation, destination = (
        stages[s] for s in ("recruitment", "exploitation", "destination")
    )
    # The combination rule is data (see the ruleset file): every group needs one positive stage.
    groups = ruleset.victim_rule["child" if is_child else "adult"]
    ilo_positive = all(any(stages[s] for s in group) for group in groups)
    # PTPA s.3: act, means and purpose; s.7: for a child, coercion need not be proved.
    ptpa_met = act and purpose and (means or is_child)

    smuggling_yes = [q["id"] for q in ruleset.psma if q["id"] in yes]
    smuggling_pattern = {"smuggling.consented", "smuggling.irregular"} <= set(smuggling_yes)

    reasons = []
    for dim_id, dim in dimensions.items():
        if dim["positive"]:
            reasons.append(
                {
                    "code": "dimension-positive",
                    "dimension": dim_id,
                    "strong": dim["strong"],
                    "medium": dim["medium"],
                    "weak": dim["weak"],
                }
            )
    if ilo_positive:
        reasons.append({"code": "ilo-positive", "child": is_child})
    if ptpa_met:
        reasons.append({"code": "ptpa-met", "child": is_child, "means": means})
    else:
        missing = [
            e
            for e, ok in (("act", act), ("means", means or is_child), ("purpose", purpose))
            if not ok
        ]
        reasons.append({"code": "ptpa-missing", "elements": missing})
    if smuggling_pattern:
        reasons.append({"code": "smuggling-pattern", "with_exploitation": ptpa_met or ilo_positive})

    any_strong = any(dim["strong"] for dim in dimensions.values())
    if ptpa_met or ilo_positive:
        recommendation = "presumed-victim"
    elif smuggling_pattern and not purpose and not exploitation:
        recommendation = "smuggling"
    elif (
        any_strong
        or any(d["positive"] for d in dimensions.values())
        or sum((act, means, purpose)) >= 2
    ):
        recommendation = "further-screening"
    else:
        recommendation = "insufficient"
    return {
        "version": ruleset.version,
        "is_child": is_child,
        "dimensions": dimensions,
        "ilo": {
            "act": act,
            "recruitment": recruitment,
            "exploitation": exploitation,
            "destination": destination,
            "positive": ilo_positive,
        },
        "ptpa": {**elements, "met": ptpa_met},
        "smuggling": {"present": smuggling_yes, "pattern": smuggling_pattern},
        "recommendation": recommendation,
        "reasons": reasons,
    }
