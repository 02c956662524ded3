"""Language identification for ads: English, Urdu script, Roman Urdu, or a mix.

Why not lingua or fastText? Neither identifies Roman Urdu (it is written in Latin letters
and has no ISO code of its own), lingua's wheel is ~96 MB and costs tens of microseconds
per short text, and fastText's usable models download at run time. For the three languages
adscreen cares about, two cheap signals are enough and exact enough:

* **Script**: the share of letters in Arabic script versus Latin. Urdu is told apart from
  Arabic and Persian by letters only Urdu uses (ٹ ڈ ڑ ں ے ھ ۓ).
* **Function words**: Latin-script text is Roman Urdu when its Roman Urdu function words
  (hai, ki, mein, aur, karein, chahiye, ...) outnumber its English ones (the, and, of, ...).

Codes returned: ``en``, ``ur``, ``roman-ur``, ``ar`` (Arabic script that is not
recognisably Urdu), ``mixed`` (substantial Urdu script *and* Latin), ``other`` (letters,
but none of these: Latin text of eight or more words of which fewer than 8% are English,
Roman Urdu or common job-ad words, such as Swedish; or mostly another script, such as
Cyrillic) and ``und`` (no letters).

The classifier reads words only in the languages it was trained on; for ``ar``, ``other``
and ``und`` it scores from the red flags and language-independent facts alone (see
:mod:`adscreen.classify`), so no ad is risky merely for its language.
"""

from __future__ import annotations

import re

__all__ = ["detect_language", "LANGUAGES"]

LANGUAGES = ("en", "ur", "roman-ur", "mixed", "ar", "other", "und")

_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
# Runs, not single letters: findall then makes a string per word instead of one per letter.
_ARABIC_RUN = re.compile(_ARABIC_LETTER.pattern + "+")
# Letters Urdu has and Arabic lacks. (ہ and ی are not here: normalize() folds Arabic ه/ي
# into them, so they no longer tell the languages apart.)
_URDU_ONLY = re.compile(r"[ٹڈڑںےھۓ]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# The only characters outside ASCII whose lower case holds an ASCII letter (KELVIN SIGN -> k,
# İ -> i + combining dot; tested over all of Unicode). Without them, the Latin words of
# ``text.lower()`` are the lower-cased Latin words of ``text``, found without a second pass.
_DOTTED_I, _KELVIN = "\u0130", "\u212a"

# Frequent Roman Urdu words that are not English words (or are rare in English ads).
_ROMAN_URDU = frozenset(
    """
    hai hain hay hy ha hain hen ka ki ke ko se mein main mai me aur or bhi nahi nahin nhi
    kya kia kyun jo ye yeh woh wo un unka unki apna apni apne aap ap hum hamara hamari
    karein karen kare karo karna krna krein kar raha rahi rahe tha thi thay ho hoga hogi
    chahiye chahye zaroorat zarurat zaroori liye lie sath saath wala wali walay wale
    sirf bas abhi jaldi fori foran rabta rabita raabta karain milay milegi milega mile
    tankhwah tankhuwah naukri nokri kaam larkiyan larkiyon khawateen mard log
    baad pehle pehly agar lekin magar kyunke taake jab tak yahan wahan andar bahar
    muft azad bina baghair bagher bagair hafte hafton mahine mahana rozana din saal
    jama karwayen karwain dein den diya dia gaya gayi jayega jayegi sakte sakta sakti
    """.split()
)
_ENGLISH = frozenset(
    """
    the and of to in for is are with on as be by this that we you your our will from at an
    or have has it its who which their they can all more about experience work team
    job company position required must should would may not if please apply skills
    """.split()
)
# Words of job ads in any Latin-script language this module knows (they count towards
# "known", not towards English or Roman Urdu): with the lists above they tell English and
# Roman Urdu from other Latin-script languages.
_JOB_WORDS = frozenset(
    """
    job jobs salary apply required work experience hiring company call urgent contact now
    staff needed vacancy visa driver office send cv whatsapp earn per day month week part
    time home online details join
    """.split()
)
_KNOWN = _ROMAN_URDU | _ENGLISH | _JOB_WORDS
# Latin text of at least this many words whose known share is below the floor is "other".
_OTHER_MIN_WORDS = 8
_OTHER_MAX_SHARE = 0.08
_KNOWN_PREFIX = 64
# Letters of other scripts (Cyrillic, Greek, Devanagari, CJK, ...) are counted as "other".
_OTHER_LETTER = re.compile(
    r"[^\W\d_A-Za-z\u00c0-\u024f\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]"
)

# "or", "main", "me" appear in both lists on purpose: they count for neither side.
_AMBIGUOUS = _ROMAN_URDU & _ENGLISH
_ROMAN_ONLY = _ROMAN_URDU - _AMBIGUOUS
_ENGLISH_ONLY = _ENGLISH - _AMBIGUOUS


def detect_language(text: str, lowered: str | None = None) -> str:
    """Return the language code of an ad.

    Parameters
    ----------
    text : str
        Preferably normalised text (:func:`adscreen.normalize.normalize`).
    lowered : str, optional
        ``text.lower()``, when the caller has it already (the pipeline does).

    Examples
    --------
    >>> detect_language("Driver required for Dubai, apply with your CV")
    'en'
    >>> detect_language("Dubai ke liye driver chahiye, visa free hai, rabta karein")
    'roman-ur'
    >>> detect_language("دبئی کے لیے ڈرائیور کی ضرورت ہے")
    'ur'
    >>> detect_language("Vi söker en erfaren lagerarbetare till vårt team i Göteborg")
    'other'
    >>> detect_language("12345")
    'und'
    """
    ascii_only = text.isascii()
    # A search first: most English ads have a stray non-ASCII character ("’", "•") but no
    # Arabic letter, and the search stops at the first one it finds.
    arabic = (
        0
        if ascii_only or _ARABIC_LETTER.search(text) is None
        else sum(map(len, _ARABIC_RUN.findall(text)))
    )
    if ascii_only or (_DOTTED_I not in text and _KELVIN not in text):
        words = _LATIN_WORD.findall(text.lower() if lowered is None else lowered)
    else:
        words = " ".join(_LATIN_WORD.findall(text)).lower().split()
    latin = len("".join(words))
    # Letters of other scripts are neither Arabic nor ASCII letters, so there are at most as
    # many as the characters left over: when those are too few to outnumber the Arabic and
    # Latin letters, the text cannot be "other" on that count, and is not scanned for them.
    other = 0
    if not ascii_only and len(text) - arabic - latin > arabic + latin:
        other = sum(map(str.isalpha, "".join(_OTHER_LETTER.findall(text))))
    if other > arabic + latin:
        return "other"
    if arabic + latin == 0:
        return "und"
    if arabic:
        share = arabic / (arabic + latin)
        if 0.25 <= share <= 0.75 and len(words) >= 4:
            return "mixed"
        if share > 0.5:
            return "ur" if _URDU_ONLY.search(text) else "ar"
    # Roman Urdu needs real evidence (two function words), not one stray "hai"; English
    # words are only counted when there is that much evidence to weigh them against.
    roman = sum(map(_ROMAN_ONLY.__contains__, words))
    if len(words) >= _OTHER_MIN_WORDS and roman < 2:
        floor = _OTHER_MAX_SHARE * len(words)
        # The first words usually hold enough known ones to settle it (a count over a
        # prefix can only be lower than over all words): only then count them all.
        known = sum(map(_KNOWN.__contains__, words[:_KNOWN_PREFIX]))
        if known < floor:
            known = sum(map(_KNOWN.__contains__, words))
        if known < floor:
            return "other"
    if roman < 2:
        return "en"
    english = sum(map(_ENGLISH_ONLY.__contains__, words))
    return "roman-ur" if roman > english else "en"
