"""The fast paths of normalisation, language identification and JSONL parsing give
exactly what the plain code gives.

Each reference below is a copy of the straightforward code the fast path replaced; the
tests compare the two on realistic ads and on generated text built from the characters
each fast path reasons about (no-break spaces before combining marks, the two non-ASCII
letters that lower-case to ASCII, every kind of whitespace, undecodable bytes, ...).
"""

import html
import json
import re
import sys
import unicodedata
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from adscreen.io import PASSTHROUGH_FIELDS, Record, Reject, parse_jsonl_line
from adscreen.langid import detect_language
from adscreen.normalize import (
    _LOOKALIKE_RUN,
    _LOOKALIKE_TABLE,
    _SPACED_DIGITS,
    _collapse_whitespace,
    _join_number_words,
    _join_spaced,
    fold_urdu,
    normalize,
)
from adscreen.synthetic import generate

from .test_langid import _reference as _langid_reference

FIXTURES = Path(__file__).parent / "fixtures"
REALISTIC = [
    json.loads(line)["text"]
    for line in (FIXTURES / "pk_ads_handwritten.jsonl").read_text(encoding="utf-8").splitlines()
] + [a["text"] for a in generate(300, seed=5)]

# -- normalisation ------------------------------------------------------------------------


def _fix_lookalikes_reference(match):
    run = match.group(0)
    start = match.start()
    if start > 0 and (match.string[start - 1].isalpha() or match.string[start - 1] == "_"):
        i = 0
        while i < len(run) and run[i] in "OoIl|":
            i += 1
        return run[:i] + _LOOKALIKE_RUN.sub(_fix_lookalikes_reference, run[i:]) if i else run
    real_digits = sum(ch.isdigit() for ch in run)
    lookalikes = sum(ch in "OoIl|" for ch in run)
    if lookalikes == 0 or real_digits < 3 or real_digits + lookalikes < 10:
        return run
    return run.translate(_LOOKALIKE_TABLE)


def _normalize_reference(text):
    """Every step on every text, in the order the module docstring gives."""
    if not text:
        return ""
    text = fold_urdu(unicodedata.normalize("NFKC", html.unescape(text)))
    text = _join_number_words(text)
    text = _SPACED_DIGITS.sub(_join_spaced, text)
    text = _LOOKALIKE_RUN.sub(_fix_lookalikes_reference, text)
    return " ".join(text.split())


WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
NORMALIZE_TEXTS = st.lists(
    st.sampled_from(
        [
            *"0123456789OoIl|.- ",
            *"\u00a0\u202f\u2026\u203c\u0301\u0308\u0327\u0670\u064b",  # NFKC pre-replacements
            *"ییيكه\u200bـ۰٠",  # Urdu folding; ی alone is never translated
            "  ",
            "\n",
            "\n\n",
            " \n",
            "\t",
            "\r\n",
            "\x1c",
            "\u2028",
            "\u3000",
            "\ufeff",
            "e\u0301",
            "ﬁ",
            "０",
            "&amp;",
            "&nbsp;",
            "call ",
            " zero three zero zero",
            "visa",
            "ویزا",
        ]
    ),
    max_size=40,
).map("".join)
# Dense in what the number fixes look for: spaced digits, look-alikes, separators.
NUMBER_TEXTS = st.lists(
    st.sampled_from([*"0123456789OoIl|.- ", "0 ", "1.", "l", "-", " x", " call", "\u00a0"]),
    min_size=6,
    max_size=40,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(NORMALIZE_TEXTS, NUMBER_TEXTS, st.text(max_size=40)))
@example("x 1 2 3 4 5 6 y")  # the shortest spaced run
@example("1.2.3.4.5.6")
@example("0300 l234567 now")  # look-alikes that are only "l"
@example("x 03OO-123-45 y")  # separators are not digits
@example("tel 0300-l234567")
@example("\u00a0\u0301x")  # a no-break space before a combining mark: NFKC composes " ́"?
@example("a\u2026\u0308")
@example("\u203c\u0338")
@example("call 03OO\u00a0OOOO123 now")
@example(" \n a  \n\n b \u00a0 ")
@example("ی ی ی")
def test_normalize_equals_the_plain_steps(text):
    assert normalize(text) == _normalize_reference(text)


def test_normalize_equals_the_plain_steps_on_realistic_ads():
    for text in REALISTIC:
        assert normalize(text) == _normalize_reference(text)


@settings(max_examples=1000, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from([*WHITESPACE, "a", "ب", "\x00", "\u200b", "  "])).map("".join),
        st.text(),
    )
)
@example("  a  b  ")
@example("a\n\n\nb")
@example("a\u00a0b")
def test_collapse_whitespace_equals_split_and_join(text):
    assert _collapse_whitespace(text) == " ".join(text.split())


def test_every_whitespace_character_but_the_space_is_unprintable():
    # _collapse_whitespace only shortens runs of spaces in a printable text.
    assert [c for c in WHITESPACE if c.isprintable()] == [" "]


# -- language identification -----------------------------------------------------------------

# The plain detector, kept in test_langid: the Arabic letters counted one by one, and the
# Latin words found in the text as given, then lower-cased.
_detect_language_reference = _langid_reference


def test_only_two_characters_outside_ascii_lower_case_to_ascii_letters():
    # detect_language finds Latin words in the lowered text unless one of these is present.
    letters = re.compile("[a-z]")
    found = [c for c in range(0x80, sys.maxunicode + 1) if letters.search(chr(c).lower())]
    assert found == [0x130, 0x212A]


LANGUAGE_TEXTS = st.lists(
    st.sampled_from(
        [
            "hai",
            "Hai",
            "KI",
            "the",
            "The",
            "and",
            "job",
            "ڈرائیور",
            "کی",
            "مطلوب",
            "ﻻ",
            "İ",
            "\u212a",  # KELVIN SIGN
            "\u212ai",
            "İhai",
            "1",
            "’",
            "é",
            "ß",
            "ǅ",
            " ",
            "-",
        ]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(LANGUAGE_TEXTS, LANGUAGE_TEXTS.map(lambda t: t.replace("", " ")), st.text()))
@example("\u212ai \u212ai hai")  # "ki ki hai" once lowered
@example("İ hai ki")
@example("ڈرائیور hai ki ’")
def test_detect_language_equals_the_reference(text):
    expected = _detect_language_reference(text)
    assert detect_language(text) == expected
    assert detect_language(text, text.lower()) == expected


def test_detect_language_equals_the_reference_on_realistic_ads():
    for text in REALISTIC:
        for variant in (text, normalize(text)):
            expected = _detect_language_reference(variant)
            assert detect_language(variant, variant.lower()) == expected
            assert detect_language(variant) == expected


# -- JSONL parsing ---------------------------------------------------------------------------


def _has_surrogates_reference(text):
    return re.search("[\udc80-\udcff]", text) is not None


def _clip_reference(raw):
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "replace")[:500]


def _record_text_reference(fields):
    text = fields.get("text")
    if isinstance(text, str) and text.strip():
        return text
    parts = [fields.get(k) for k in ("title", "location", "description", "requirements")]
    return "\n".join(p for p in parts if isinstance(p, str) and p.strip())


def _make_record_reference(fields, line):
    if not isinstance(fields, dict):
        return f"expected an object, got {type(fields).__name__}"
    raw_id = fields.get("id")
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
        return "missing 'id'"
    if not isinstance(raw_id, str | int):
        return "'id' must be a string or integer"
    text = _record_text_reference(fields)
    if not text.strip():
        return "no text: need 'text' or 'title'/'description'"
    extras = {}
    for key in ("source", "url", "posted_at", "contact"):
        value = fields.get(key)
        if value is not None and value != "":
            extras[key] = value if isinstance(value, str) else json.dumps(value)
    label = None
    for key in ("label", "fraudulent"):
        value = fields.get(key)
        if value in (0, 1, "0", "1", True, False) and value != "":
            label = int(value)
            break
    return Record(id=str(raw_id), text=text, line=line, label=label, **extras)


def _parse_reference(number, raw, max_bytes=1_000_000):
    if raw is None:
        return Reject(number, f"line longer than {max_bytes} bytes", "")
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        return None
    text = raw.decode("utf-8", "surrogateescape")
    if _has_surrogates_reference(text):
        return Reject(number, "not valid UTF-8", _clip_reference(raw))
    try:
        fields = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"invalid JSON: {exc.msg} at column {exc.colno}"
        return Reject(number, msg, _clip_reference(text))
    except ValueError as exc:  # a number too long for int()
        return Reject(number, f"invalid JSON: {str(exc).split(';')[0]}", _clip_reference(text))
    made = _make_record_reference(fields, number)
    if isinstance(made, str):
        return Reject(number, made, _clip_reference(text))
    try:  # a lone surrogate from a JSON escape cannot be written out
        for value in (made.id, made.text, *made.passthrough().values()):
            value.encode("utf-8")
    except UnicodeEncodeError:
        msg = "lone surrogate escape (\\ud800-\\udfff): not valid Unicode"
        return Reject(number, msg, _clip_reference(text))
    return made


FIELD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.sampled_from(["", " ", "\u00a0", "\t\n", "0", "1", "azad visa", "Driver"]),
    st.text(max_size=8),
    st.lists(st.integers(0, 3), max_size=2),
)
RECORDS = st.dictionaries(
    st.sampled_from(
        ["id", "text", "title", "location", "description", "requirements", "label"]
        + ["fraudulent", "other", *PASSTHROUGH_FIELDS]
    ),
    FIELD_VALUES,
    max_size=6,
).map(lambda fields: json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass"))
BYTE_PIECES = st.sampled_from(
    [
        b"{",
        b"}",
        b'"id": "a", ',
        b'"id": 3, ',
        b'"text": "azad visa"',
        b'"title": " "',
        b"\xef\xbb\xbf",
        b"\xff",
        b"\xc3",
        b"\xed\xb2\x80",  # an encoded surrogate: not UTF-8
        b'"\\udc80"',  # a JSON escape for one: valid JSON, but rejected
        b'"\\ud83d\\ude00"',  # escapes of a surrogate pair: one valid character
        b"\xc3\xa9",
        b" ",
        b"\t",
        b"\r",
        b"\n",
        b"[1]",
        b"null",
        b", ",
        b":",
    ]
)
LINES = st.one_of(
    RECORDS,
    st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b" ", b"\xff"]), RECORDS, BYTE_PIECES).map(
        b"".join
    ),
    st.lists(BYTE_PIECES, max_size=12).map(b"".join),
)


def _as_tuple(parsed):
    if parsed is None:
        return None
    if isinstance(parsed, Reject):
        return ("reject", parsed.line, parsed.reason, parsed.raw)
    return ("record", *(getattr(parsed, f) for f in Record.__slots__))


@settings(max_examples=2000, deadline=None)
@given(st.sampled_from([1, 2]), LINES, st.booleans())
@example(1, b'\xef\xbb\xbf{"id": 1, "text": "a"}', True)
@example(2, b'{"id": 1, "text": "caf\xc3"}', True)
@example(2, b'{"id": 1, "text": "\\udc80"}', True)
@example(2, b'{"id": 1, "text": "a"} x', True)
@example(2, b'{"id": 1, "text": "\xc2\xa0", "title": "t"}', True)
@example(2, b'{"id": 1, "text": "a", "label": "1", "url": 5}', True)
@example(2, b'{"id": 1, "text": "a", "fraudulent": 1}', True)
@example(2, b'{"id": 1, "text": "a", "contact": ""}', True)
def test_parse_jsonl_line_equals_the_reference(number, raw, newline):
    line = raw + b"\n" if newline else raw
    assert _as_tuple(parse_jsonl_line(number, line)) == _as_tuple(_parse_reference(number, line))


def test_parse_jsonl_line_equals_the_reference_on_the_fixtures():
    for name in ("ads_bad_lines.jsonl", "pk_ads_handwritten.jsonl", "cluster_ads.jsonl"):
        lines = (FIXTURES / name).read_bytes().splitlines(keepends=True)
        for number, raw in enumerate(lines, 1):
            expected = _as_tuple(_parse_reference(number, raw))
            assert _as_tuple(parse_jsonl_line(number, raw)) == expected
