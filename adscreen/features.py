"""Features shared by training and inference, so the two can never drift apart.

Text features are word unigrams and bigrams (letters only, two or more, lower-cased) with
binary presence, scaled by 1/sqrt(number of distinct features) — the L2-normalised binary
bag of words. Digits are left out on purpose: numbers (phones, salaries) are entities, and
a model that memorised phone numbers would link ads rather than judge them.

Dense features summarise the red flags so that **no single flag can carry a score**:

``rules:strongest``
    weight of the strongest flag (its coefficient is capped during training);
``rules:corroboration``
    summed weight of the strongest flag of every *other* category — zero when only one
    category fired (several flags of one category are one piece of evidence);
``rules:categories``
    number of distinct flag categories beyond the first.

plus a few entity facts (a licence number, a WhatsApp link, a foreign phone number).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from typing import Any

from adscreen.entities import Entities
from adscreen.rules import Flag

try:  # the optional C module built by setup.py; the reference below gives the same results
    from adscreen import _wordscore
except ImportError:  # pragma: no cover - exercised on installs without a C compiler
    _wordscore = None

__all__ = [
    "TOKENIZER",
    "DENSE_FEATURES",
    "tokenize",
    "text_features",
    "dense_features",
    "text_scale",
    "word_table",
    "native_available",
]

#: Identifies the tokenizer in saved models; change it when tokenize() changes.
TOKENIZER = "letters2-lower-uni-bi-v1"
_WORD = re.compile(r"[^\W\d_]{2,}")

DENSE_FEATURES = (
    "rules:strongest",
    "rules:corroboration",
    "rules:categories",
    "entity:licence",
    "entity:whatsapp-link",
    "entity:foreign-phone",
)
# Caps keep the dense features in a fixed range whatever the ad.
_MAX_CORROBORATION = 3.0
_MAX_EXTRA_CATEGORIES = 3


def tokenize(lowered: str) -> list[str]:
    """Words of two or more letters, in order. Expects lower-cased, normalised text.

    Examples
    --------
    >>> tokenize("azad visa 4 u, رابطہ کریں")
    ['azad', 'visa', 'رابطہ', 'کریں']
    """
    return _WORD.findall(lowered)


def text_features(lowered: str) -> set[str]:
    """Distinct unigrams and bigrams ("azad visa") of ``lowered``.

    Examples
    --------
    >>> sorted(text_features("free visa free ticket"))
    ['free', 'free ticket', 'free visa', 'ticket', 'visa', 'visa free']
    """
    words = _WORD.findall(lowered)
    features = set(words)
    # " ".join over zip builds the same strings as a + " " + b in the same order, in C
    # (about half the cost of the comprehension on a long ad).
    features.update(map(" ".join, zip(words, words[1:], strict=False)))
    return features


def native_available() -> bool:
    """True when the compiled word scorer is installed and not switched off by
    ``ADSCREEN_NATIVE=0``."""
    return _wordscore is not None and os.environ.get("ADSCREEN_NATIVE", "1") != "0"


def word_table(weights: dict[str, float]) -> Any | None:
    """A compiled look-up of ``weights`` whose ``score(lowered)`` returns
    ``(sum of the weights of text_features(lowered), len(text_features(lowered)))``
    without building the features (or None for text built to collide in its hash tables:
    score that in Python); None when the C module is not available.

    Examples
    --------
    >>> table = word_table({"free visa": 1.5, "visa": 0.25})
    >>> table is None or table.score("free visa, free ticket") == (1.75, 6)
    True
    """
    return _wordscore.WordTable(weights) if native_available() else None


def text_scale(features: set[str] | Iterable[str]) -> float:
    """The value every present text feature takes: 1/sqrt(count), 0 for none."""
    n = len(features) if isinstance(features, set) else sum(1 for _ in features)
    return 1.0 / math.sqrt(n) if n else 0.0


def dense_features(flags: list[Flag], entities: Entities | None) -> list[float]:
    """Values of :data:`DENSE_FEATURES`, in that order.

    Examples
    --------
    >>> dense_features([], None)
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    """
    if flags:
        # Flags of one category are one piece of evidence ("pay the fee" and "selected, pay
        # now" are both a fee demand): each category counts once, at its strongest flag.
        per_category: dict[str, float] = {}
        for f in flags:
            per_category[f.category] = max(f.weight, per_category.get(f.category, 0.0))
        weights = list(per_category.values())
        strongest = max(weights)
        corroboration = min(sum(weights) - strongest, _MAX_CORROBORATION)
        categories = min(len(weights) - 1, _MAX_EXTRA_CATEGORIES)
    else:
        strongest = corroboration = 0.0
        categories = 0
    licence = whatsapp = foreign = 0.0
    if entities is not None:
        licence = 1.0 if entities.licences else 0.0
        whatsapp = 1.0 if entities.whatsapp else 0.0
        foreign = 1.0 if any(not p.startswith("+92") for p in entities.phones) else 0.0
    return [strongest, corroboration, float(categories), licence, whatsapp, foreign]
