"""Compare names across Urdu script and Roman Urdu.

Both spellings are reduced to a consonant skeleton: Urdu letters are transliterated to Latin,
then digraphs are folded (kh→k, sh→s, q→k…), vowels and in-word y/w dropped, doubles
collapsed. "Samina", "Sameena" and "ثمینہ" all become "smn". Rough on purpose: it finds
candidates; a person decides whether two records are the same survivor.
"""

import re
import unicodedata

_URDU_TO_LATIN = {
    "ا": "a",
    "آ": "a",
    "أ": "a",
    "إ": "i",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ٹ": "t",
    "ث": "s",
    "ج": "j",
    "چ": "ch",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ڈ": "d",
    "ذ": "z",
    "ر": "r",
    "ڑ": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "z",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ک": "k",
    "ك": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ں": "n",
    "و": "w",
    "ہ": "h",
    "ه": "h",
    "ۃ": "h",
    "ھ": "h",
    "ء": "",
    "ی": "y",
    "ي": "y",
    "ے": "e",
    "ئ": "",
    "ۓ": "e",
    "ؤ": "w",
}
_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0654\u0655]")
_DIGRAPHS = [
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "c"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("bh", "b"),
    ("jh", "j"),
    ("zh", "z"),
    ("ck", "k"),
    ("q", "k"),
    ("v", "w"),
    ("x", "ks"),
    ("ee", "i"),
    ("oo", "u"),
]
# Titles and honorifics that say nothing about who the person is.
HONORIFICS = {
    "muhammad",
    "mohammad",
    "muhammed",
    "mohd",
    "md",
    "syed",
    "sayed",
    "mst",
    "mussammat",
    "musammat",
    "bibi",
    "bi",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mian",
    "haji",
    "hafiz",
    "sheikh",
    "shaikh",
    "rana",
    "chaudhry",
    "ch",
    "malik",
    "mirza",
    "khawaja",
    "begum",
}
_HONORIFIC_SKELETONS: set[str] = set()


def to_latin(text: str) -> str:
    """Urdu script letters to Latin letters; Latin text passes through lower-cased."""
    text = _DIACRITICS.sub("", unicodedata.normalize("NFC", text))
    out = []
    for ch in text:
        if ch in _URDU_TO_LATIN:
            out.append(_URDU_TO_LATIN[ch])
        elif ch.isascii() and ch.isalpha():
            out.append(ch.lower())
        else:
            out.append(" ")
    return "".join(out)


def _skeleton_of_token(token: str) -> str:
    for before, after in _DIGRAPHS:
        token = token.replace(before, after)
    if not token:
        return ""
    first, rest = token[0], token[1:]
    # A leading y or w is a consonant (Yasmin, Waqas); inside a word they are vowels (Noor, Samina).
    rest = re.sub(r"[aeiouyw]", "", rest)
    first = "" if first in "aeiou" else first
    skeleton = first + rest
    skeleton = re.sub(r"h$", "", skeleton)  # final ہ / -ah is a vowel ending
    skeleton = re.sub(r"(.)\1+", r"\1", skeleton)
    return skeleton


def tokens(name: str) -> list[str]:
    return [t for t in to_latin(name).split() if t]


def skeleton(name: str, *, drop_honorifics: bool = True) -> str:
    """Space-separated skeletons of every meaningful token of the name."""
    parts = []
    for token in tokens(name):
        sk = _skeleton_of_token(token)
        if not sk:
            continue
        if drop_honorifics and (token in HONORIFICS or sk in _honorific_skeletons()):
            continue
        parts.append(sk)
    return " ".join(parts)


def name_key(name: str) -> str:
    """The blocking key: the skeleton of the first meaningful name token ('' if none)."""
    parts = skeleton(name).split()
    return parts[0] if parts else ""


def family_key(name: str) -> str:
    """The skeleton of the last meaningful token when there are two or more ('' otherwise):
    a family name alone ("Khan", "خان") then finds the person."""
    parts = skeleton(name).split()
    return parts[-1] if len(parts) > 1 else ""


def _honorific_skeletons() -> set[str]:
    if not _HONORIFIC_SKELETONS:
        _HONORIFIC_SKELETONS.update(_skeleton_of_token(h) for h in HONORIFICS)
        _HONORIFIC_SKELETONS.discard("")
    return _HONORIFIC_SKELETONS
