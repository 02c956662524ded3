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

plus a few entity facts (a licence number, a WhatsApp link, a foreign phone number), and
(model format 3) **content signals** that survive rewriting and translation because they are
facts about the offer, not its wording or style: contact by a chat app (WhatsApp, Telegram),
a free webmail address, pay quoted per day, week or hour, a destination abroad, and contact
through a personal number or chat app only (no company web address or e-mail domain).
None of them reads case, punctuation, emoji, layout or length.
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
    "DENSE_FEATURES_V1",
    "tokenize",
    "text_features",
    "STOP_WORDS",
    "FUNCTION_WORDS",
    "ARTEFACT_WORDS",
    "STOP_WORD_CHOICES",
    "is_stop_term",
    "stop_word_set",
    "dense_features",
    "text_scale",
    "word_table",
    "native_available",
]

#: Identifies the tokenizer in saved models; change it when tokenize() changes.
TOKENIZER = "letters2-lower-uni-bi-v1"
_WORD = re.compile(r"[^\W\d_]{2,}")

#: The dense features of model formats 1 and 2 (a prefix of :data:`DENSE_FEATURES`).
DENSE_FEATURES_V1 = (
    "rules:strongest",
    "rules:corroboration",
    "rules:categories",
    "entity:licence",
    "entity:whatsapp-link",
    "entity:foreign-phone",
)
#: All dense features, in order. New ones are only ever appended, so a model trained on
#: the first k reads the first k values (older models keep scoring exactly as before).
DENSE_FEATURES = DENSE_FEATURES_V1 + (
    "content:chat-app-contact",
    "content:webmail",
    "content:pay-per-short-period",
    "content:destination-abroad",
    "content:personal-contact-only",
)
# Chat apps named as a contact channel, in the lower-cased normalised text.
_CHAT_APPS = ("whatsapp", "whats app", "watsapp", "telegram", "واٹس ایپ", "واٹس اپ", "ٹیلیگرام")
WEBMAIL_DOMAINS = frozenset(
    "gmail.com yahoo.com hotmail.com outlook.com ymail.com live.com aol.com mail.ru"
    " yandex.com icloud.com protonmail.com".split()
)
# Caps keep the dense features in a fixed range whatever the ad.
_MAX_CORROBORATION = 3.0
_MAX_EXTRA_CATEGORIES = 3


# Terms a model fitted with ``stop_words=True`` gives no weight: function words of English,
# Roman Urdu and Urdu (they say which language and register an ad is in, not what it
# offers) and artefacts of how training sets were made. A bigram is left out when both its
# words are. Model 2.1.0 is fitted with ``stop_words="artefacts"`` and
# ``function_word_cap=1``: only the artefacts get no weight, function words at most ±1 (they
# carry part of how a 2012-14 job-board scam addresses its reader: "you", "your" against
# "our", "about the"). With the same settings otherwise, giving them no weight measured EMSCAD
# grouped-CV ROC-AUC 0.924 against 0.932 and job-scam message recall 77% against 82.5%
# (docs/adscreen-model-search.md).
FUNCTION_WORDS = frozenset(
    """
    a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me
    more most my no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those
    through to too under until up very was we were what when where which while who whom why
    will with would you your yours us
    hai hain hay hy ha hen ka ki ke ko se mein main mai me aur bhi nahi nahin nhi kya kia
    jo ye yeh woh wo un unka unki apna apni apne aap ap hum hamara hamari tha thi thay ho
    hoga hogi liye lie sath saath wala wali wale walay ya bhai
    کا کی کے میں ہے ہیں کو سے نے اور بھی یہ وہ پر تک لیے لئے ایک اس ان جو کہ تھا تھی تھے ہو
    گا گی گے ہی نہیں کر کیا جا رہا رہی رہے والے والی ساتھ بعد پہلے
    """.split()
)
#: Artefacts of how the training sets were made, never evidence: EMSCAD's ``#URL_…#`` and
#: ``#PHONE_…#`` masks and US location codes (its scams cluster in a few US places),
#: "example" from synthetic addresses, link syntax, SpamHunter's ``XX`` masks.
ARTEFACT_WORDS = frozenset(
    """
    url http https www com phone email example xx xxx
    tx ca ny fl il nj pa ga oh wa va az co ma nc mi md mn mo or tn wi gb lnd
    """.split()
)
STOP_WORDS = FUNCTION_WORDS | ARTEFACT_WORDS
#: What ``stop_words`` of a model may be: True (every stop word), "artefacts" (only
#: :data:`ARTEFACT_WORDS`) or False (none).
STOP_WORD_CHOICES = (False, True, "artefacts")


def is_stop_term(term: str, words: frozenset[str] = STOP_WORDS) -> bool:
    """True for a stop word, or a bigram of two (of ``words``, by default every stop word).

    Examples
    --------
    >>> is_stop_term("of the"), is_stop_term("azad visa"), is_stop_term("visa for")
    (True, False, False)
    >>> is_stop_term("of the", ARTEFACT_WORDS), is_stop_term("houston tx", ARTEFACT_WORDS)
    (False, False)
    """
    return all(word in words for word in term.split(" "))


def stop_word_set(choice: bool | str) -> frozenset[str]:
    """The words a model with ``stop_words=choice`` gives no weight.

    Examples
    --------
    >>> stop_word_set(False), stop_word_set("artefacts") == ARTEFACT_WORDS
    (frozenset(), True)
    """
    if choice is True:
        return STOP_WORDS
    if choice == "artefacts":
        return ARTEFACT_WORDS
    if choice is False:
        return frozenset()
    raise ValueError(f"stop_words must be one of {STOP_WORD_CHOICES}, not {choice!r}")


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


def dense_features(flags: list[Flag], entities: Entities | None, lowered: str = "") -> list[float]:
    """Values of :data:`DENSE_FEATURES`, in that order. ``lowered`` is the lower-cased
    normalised text (for the chat-app mention).

    Examples
    --------
    >>> dense_features([], None)
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
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
    chat = webmail = short_pay = abroad = personal = 0.0
    if entities is not None:
        licence = 1.0 if entities.licences else 0.0
        whatsapp = 1.0 if entities.whatsapp else 0.0
        foreign = 1.0 if any(not p.startswith("+92") for p in entities.phones) else 0.0
        if entities.emails:
            webmail = float(any(e.rpartition("@")[2] in WEBMAIL_DOMAINS for e in entities.emails))
        if entities.salaries:
            short_pay = float(any(s.period in ("day", "week", "hour") for s in entities.salaries))
        abroad = 1.0 if entities.destinations else 0.0
    if whatsapp:
        chat = 1.0
    else:
        for app in _CHAT_APPS:  # a loop, not any() over a generator: this runs for every ad
            if app in lowered:
                chat = 1.0
                break
    if entities is not None and (entities.phones or chat):
        company_domains = [d for d in entities.domains if d not in WEBMAIL_DOMAINS]
        personal = 0.0 if company_domains else 1.0
    return [
        strongest,
        corroboration,
        float(categories),
        licence,
        whatsapp,
        foreign,
        chat,
        webmail,
        short_pay,
        abroad,
        personal,
    ]
