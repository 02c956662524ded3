"""Text normalisation for English, Urdu script and Roman Urdu ads.

Everything downstream (rules, entities, the classifier, clustering) reads the output of
:func:`normalize`, so spans reported by rules index into the *normalised* text. The steps
are deliberately small and predictable:

1. HTML entities unescaped (scraped ads carry ``&amp;``) and Unicode NFKC, which folds
   full-width digits, ligatures and presentation forms.
2. Arabic letter variants mapped to their Urdu forms (ي→ی, ك→ک, ه→ہ, ...), harakat and
   tatweel removed, zero-width characters removed.
3. Urdu (۰–۹) and Arabic-Indic (٠–٩) digits mapped to ASCII.
4. Number obfuscation undone: letters posing as digits inside numbers (``03OO``), spaced or
   dotted digits (``0 3 0 0``) and spelled-out digits (``zero three zero zero``, ``sifar teen``,
   ``صفر تین``) when four or more appear in a row.
5. Whitespace collapsed to single spaces.

Case is preserved; matching is case-insensitive downstream.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

from adscreen.accel import Prefilter

__all__ = ["normalize", "fold_urdu", "deobfuscate_numbers"]

# Arabic-script code points that Urdu writes differently, plus marks we drop. Written as a
# table (not a regex) because str.translate is the fastest way to do per-character mapping.
_URDU_FOLD = {
    0x064A: "ی",  # ARABIC YEH → FARSI YEH (Urdu choti ye)
    0x0649: "ی",  # ALEF MAKSURA
    0x06CC: "ی",  # (already Urdu) keep explicit for clarity
    0x0643: "ک",  # ARABIC KAF → KEHEH
    0x0647: "ہ",  # ARABIC HEH → HEH GOAL
    0x06D5: "ہ",  # AE → HEH GOAL
    0x0629: "ۃ",  # TEH MARBUTA → TEH MARBUTA GOAL
    0x0640: None,  # TATWEEL (kashida) is decoration
    0x200B: None,  # ZERO WIDTH SPACE
    0x200C: None,  # ZERO WIDTH NON-JOINER
    0x200D: None,  # ZERO WIDTH JOINER
    0x200E: None,  # LEFT-TO-RIGHT MARK
    0x200F: None,  # RIGHT-TO-LEFT MARK
    0x2060: None,  # WORD JOINER
    0xFEFF: None,  # BOM / ZERO WIDTH NO-BREAK SPACE
    0x00AD: None,  # SOFT HYPHEN
}
# Harakat (zabar, zer, pesh, tanween, shadda, sukun) and superscript alef: optional in Urdu
# and used inconsistently, so they only get in the way of matching.
for _cp in range(0x064B, 0x0653):
    _URDU_FOLD[_cp] = None
_URDU_FOLD[0x0670] = None
for _i in range(10):
    _URDU_FOLD[0x06F0 + _i] = str(_i)  # EXTENDED ARABIC-INDIC (Urdu) DIGITS
    _URDU_FOLD[0x0660 + _i] = str(_i)  # ARABIC-INDIC DIGITS
_URDU_FOLD_TABLE = str.maketrans(_URDU_FOLD)

# Letters people type in place of digits to dodge number scrapers: O/o → 0, I/l/| → 1.
_LOOKALIKE_TABLE = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
# A run of digits and digit look-alikes, possibly separated by single spaces, dots or dashes,
# not glued to a word on either side. Validated further in _fix_lookalikes.
# Speed: these patterns start with a character class rather than a look-behind, so the
# regex engine skips in C to possible starts; the look-behind is checked in the callbacks.
_LOOKALIKE_RUN = re.compile(r"[\dOoIl|](?:[ .\-]?[\dOoIl|]){6,}(?![^\W\d_])")
# Single digits separated by spaces/dots ("0 3 0 0 1 2 3"): phone matchers miss these.
_SPACED_DIGITS = re.compile(r"\d(?:[ .]\d){5,}(?!\d)")
# Characters whose NFKC form is a plain string (their NFKD) that ads carry often: a no-break
# space in one place makes NFKC rebuild the whole text, str.replace does not. Replacing a
# character by its full compatibility decomposition leaves the NFKC of the text unchanged.
_NFKC_SIMPLE = tuple((ch, unicodedata.normalize("NFKD", ch)) for ch in "\u00a0\u202f\u2026\u203c")
# Characters fold_urdu changes; most ads have none, and translate() is not free. (Not ی,
# U+06CC: the table maps it to itself, and nearly every Urdu ad has one.)
_FOLDABLE = re.compile(
    "[\u0629\u0640\u0643\u0647\u0649\u064a\u064b-\u0652\u0660-\u0669\u0670\u06d5"
    "\u06f0-\u06f9\u00ad\u200b-\u200f\u2060\ufeff]"
)

_NUMBER_WORDS = {
    # English
    "zero": "0",
    "oh": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    # Roman Urdu (several common spellings)
    "sifar": "0",
    "sifr": "0",
    "aik": "1",
    "ek": "1",
    "teen": "3",
    "chaar": "4",
    "char": "4",
    "paanch": "5",
    "panch": "5",
    "chhe": "6",
    "chay": "6",
    "chhay": "6",
    "che": "6",
    "saat": "7",
    "sat": "7",
    "aath": "8",
    "ath": "8",
    "nau": "9",
    "no": "9",
    "do": "2",
    # Urdu script
    "صفر": "0",
    "ایک": "1",
    "دو": "2",
    "تین": "3",
    "چار": "4",
    "پانچ": "5",
    "چھ": "6",
    "چھے": "6",
    "سات": "7",
    "آٹھ": "8",
    "نو": "9",
}
_NUMBER_WORD_ALT = "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True))
# Four or more number words in a row. Ambiguous Roman Urdu words ("do", "no", "char") only
# turn into digits inside such a run, so ordinary sentences are left alone.
_NUMBER_WORD_RUN = re.compile(
    rf"(?:{_NUMBER_WORD_ALT})(?:[\s,\-]+(?:{_NUMBER_WORD_ALT})){{3,}}(?!\w)"
)
_NUMBER_WORD = re.compile(rf"(?<!\w)(?:{_NUMBER_WORD_ALT})(?!\w)")
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS)
_WHITESPACE = re.compile(r"\s+")
# Necessary conditions, found faster than the full patterns: a spaced run starts with six
# single digits (a shorter "digit, separator, digit" would fire on most phone numbers); a
# look-alike run that changes has a digit next to (or one separator away from) a look-alike
# letter.
_SPACED_DIGIT_HINT = re.compile(r"\d[ .]\d[ .]\d[ .]\d[ .]\d[ .]\d")
_LOOKALIKE_HINT = re.compile(r"\d[ .\-]?[OoIl|]|[OoIl|][ .\-]?\d")
# The same test, faster: its second branch starts at every "o" and "l" of English text, but
# reads as the first branch in the reversed text, and a digit-led pattern is skipped to in C.
_DIGIT_THEN_LOOKALIKE = re.compile(r"\d[ .\-]?[OoIl|]")


def _lookalike_hint(text: str) -> bool:
    """``_LOOKALIKE_HINT.search(text) is not None`` (tested), at about a third of the cost."""
    return (
        _DIGIT_THEN_LOOKALIKE.search(text) is not None
        or _DIGIT_THEN_LOOKALIKE.search(text[::-1]) is not None
    )


def fold_urdu(text: str) -> str:
    """Map Arabic letter variants to Urdu forms, drop harakat, convert Urdu/Arabic digits.

    Examples
    --------
    >>> fold_urdu("كام ۰۳۰۰")
    'کام 0300'
    """
    return text.translate(_URDU_FOLD_TABLE)


def _after_letter(match: re.Match[str]) -> bool:
    start = match.start()
    return start > 0 and (match.string[start - 1].isalpha() or match.string[start - 1] == "_")


def _fix_lookalikes(match: re.Match[str]) -> str:
    run = match.group(0)
    # Most runs are plain phone numbers, which no branch below changes.
    if not ("O" in run or "o" in run or "I" in run or "l" in run or "|" in run):
        return run
    if _after_letter(match):
        # The run began inside a word ("ca|ll 03OO..."): keep the word's letters and look
        # again at what follows them.
        i = 0
        while i < len(run) and run[i] in "OoIl|":
            i += 1
        return run[:i] + _LOOKALIKE_RUN.sub(_fix_lookalikes, run[i:]) if i else run
    # A run holds only digits, look-alikes and the separators " .-", so counting in C the
    # look-alikes and separators gives the digits too.
    lookalikes = sum(map(run.count, "OoIl|"))
    real_digits = len(run) - lookalikes - sum(map(run.count, " .-"))
    # Phone-length runs with some real digits only, or words made of O, I and l would
    # become numbers.
    if lookalikes == 0 or real_digits < 3 or real_digits + lookalikes < 10:
        return run
    return run.translate(_LOOKALIKE_TABLE)


def _join_number_words(text: str) -> str:
    # Matched on lower-cased text (the regex has no IGNORECASE, which would disable the
    # engine's fast skip); lower() keeps offsets for the Latin and Urdu letters involved.
    lowered = text.lower()
    if len(lowered) != len(text):
        return text
    pieces, last = [], 0
    for m in _NUMBER_WORD_RUN.finditer(lowered):
        if _after_letter(m) or (m.start() and m.string[m.start() - 1].isdigit()):
            continue
        pieces.append(text[last : m.start()])
        pieces.append("".join(_NUMBER_WORDS[w] for w in _NUMBER_WORD.findall(m.group(0))))
        last = m.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _may_hold_number_run(text: str) -> bool:
    """False when ``text`` certainly has no run of four number words (most ads).

    In a run "w1 w2 w3 w4" the middle words are whole tokens once the text is split at the
    run's separators (whitespace, commas, dashes), so two number-word tokens in a row are
    necessary. Checked in C: a byte per token, then a search for two ones.
    """
    tokens = text.lower().replace(",", " ").replace("-", " ").split()
    return bytes(map(_NUMBER_WORD_SET.__contains__, tokens)).find(b"\x01\x01") != -1


# The three tests above in one compiled scan (adscreen.accel), for when Hyperscan is there:
# 0: two number words in a row, as whole tokens split at whitespace, commas and dashes (the
# separators _may_hold_number_run splits at; str.split() also splits at \x1c-\x1f);
# 1: the spaced-digit hint; 2: the look-alike hint. A hint only decides whether the exact
# Python step runs, so a scan that says "maybe" more often than needed costs time, not
# correctness.
_SEP = r"[\s\x1c-\x1f,\-]"
_HINT_PATTERNS = (
    rf"(?:^|{_SEP})(?:{_NUMBER_WORD_ALT}){_SEP}+(?:{_NUMBER_WORD_ALT})(?:{_SEP}|$)",
    _SPACED_DIGIT_HINT.pattern,
    _LOOKALIKE_HINT.pattern,
)


@functools.cache
def _hint_scanner() -> Prefilter | None:
    return Prefilter.build(_HINT_PATTERNS)  # on first use: importing stays cheap


def _hints(text: str) -> list[int] | None:
    """Which of the three hints may hold for ``text`` (None: ask the Python tests)."""
    scanner = _hint_scanner()
    return None if scanner is None else scanner.candidates(text)


def deobfuscate_numbers(text: str) -> str:
    """Undo the usual tricks used to hide phone numbers from scrapers.

    Examples
    --------
    >>> deobfuscate_numbers("call 03OO-1234567")
    'call 0300-1234567'
    >>> deobfuscate_numbers("0 3 0 0 1 2 3 4 5 6 7")
    '03001234567'
    >>> deobfuscate_numbers("zero three zero zero one two three four five six seven")
    '03001234567'
    >>> deobfuscate_numbers("do din mein visa")
    'do din mein visa'
    """
    hints = _hints(text)
    if hints is None or 0 in hints:
        if _may_hold_number_run(text):
            joined = _join_number_words(text)
            if joined != text:  # new digits: the other hints must look at the new text
                text, hints = joined, None
    if (1 in hints) if hints is not None else _SPACED_DIGIT_HINT.search(text):
        spaced = _SPACED_DIGITS.sub(_join_spaced, text)
        if spaced != text:
            text, hints = spaced, None
    if (2 in hints) if hints is not None else _lookalike_hint(text):
        text = _LOOKALIKE_RUN.sub(_fix_lookalikes, text)
    return text


def _join_spaced(match: re.Match[str]) -> str:
    start = match.start()
    if start and match.string[start - 1].isdigit():
        return match.group(0)
    return match.group(0).replace(" ", "").replace(".", "")


def normalize(text: str) -> str:
    """Return the canonical form of an ad's text used by every other adscreen step.

    Parameters
    ----------
    text : str
        Raw ad text in English, Urdu script, Roman Urdu or a mix.

    Returns
    -------
    str
        NFKC-normalised text with Urdu letter variants folded, digits in ASCII,
        obfuscated numbers restored and whitespace collapsed. Case is preserved.

    Examples
    --------
    >>> normalize("Azad  visa!  رابطہ: ۰۳۰۰-۱۲۳۴۵۶۷")
    'Azad visa! رابطہ: 0300-1234567'
    >>> normalize("WhatsApp 03OO 1234567 &amp; apply")
    'WhatsApp 0300 1234567 & apply'
    """
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    # NFKC is the slowest step; skip it for plain ASCII, which it would not change.
    if not text.isascii():
        for char, plain in _NFKC_SIMPLE:
            if char in text:
                text = text.replace(char, plain)
        text = unicodedata.normalize("NFKC", text)
        if _FOLDABLE.search(text):
            text = text.translate(_URDU_FOLD_TABLE)
    return _collapse_whitespace(deobfuscate_numbers(text))


def _collapse_whitespace(text: str) -> str:
    """``" ".join(text.split())`` (tested), faster for most ads.

    Every whitespace character but the space is unprintable (tested), so once newlines are
    spaces, a printable text only needs its runs of spaces shortened, which str.replace does
    in C without cutting the text into words.
    """
    spaced = text.replace("\n", " ") if "\n" in text else text
    if spaced.isprintable():
        while "  " in spaced:
            spaced = spaced.replace("  ", " ")
        return spaced.strip(" ")
    # str.split() splits on exactly the characters regex \s matches (tested), and faster.
    return " ".join(text.split())
