"""The fast paths of ``adscreen screen`` give exactly what the plain code gives.

Each optimisation keeps a slower reference next to it (the whole-text regex, json.dumps,
dataclasses.asdict, the record reader); these tests compare the two on the shipped
fixtures, synthetic ads and generated text. Speed itself is measured in
``benchmarks/bench_screen.py``, not here.
"""

import io
import json
import re
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import adscreen.entities as E
from adscreen import cli
from adscreen.features import _WORD, text_features
from adscreen.io import (
    Record,
    _blocks,
    _lines,
    block_lines,
    parse_jsonl_line,
    read_lines,
    read_records,
)
from adscreen.normalize import (
    _LOOKALIKE_HINT,
    _LOOKALIKE_RUN,
    _SPACED_DIGITS,
    _fix_lookalikes,
    _join_number_words,
    _join_spaced,
    _lookalike_hint,
    deobfuscate_numbers,
    normalize,
)
from adscreen.pipeline import _row, row_json, screen_lines, screen_text
from adscreen.synthetic import generate

from .test_classify import NEUTRAL

FIXTURES = Path(__file__).parent / "fixtures"
HANDWRITTEN = [
    json.loads(line)["text"]
    for line in (FIXTURES / "pk_ads_handwritten.jsonl").read_text(encoding="utf-8").splitlines()
]
SYNTHETIC = [a["text"] for a in generate(150, seed=11)]
# Letters, digits, look-alikes, URL and e-mail punctuation, Urdu, and the two letters that
# case-fold to ASCII without lower-casing to it (ı, ſ).
ALPHABET = st.sampled_from(
    list("abcdeiklmosvwzAEIKLOSVW0123456789 .-/:@_|\n\t,$")
    + ["visa", "ویزا", "free ", "www.", ".com", "http://", "wa.me/", "ı", "ſ", "İ", "ک", "۰"]
)
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)
# Dense in what the visa pattern and the number fixes look for.
VISA_TEXTS = st.lists(
    st.sampled_from(
        ["visa", "visas", " ", "free", "work", "azad", "x", "ویزا", "آزاد", "-", " ", " "]
    ),
    max_size=30,
).map("".join)
NUMBER_TEXTS = st.lists(
    st.sampled_from(list("0123456789OoIl| .-x") + [" zero", " three", " do", " nau"]),
    min_size=8,
    max_size=40,
).map("".join)


def _spans(matches):
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_url_matches_on_tokens_equal_the_whole_text_regex(text):
    lowered = text.lower()
    if len(lowered) != len(text) or "ı" in lowered or "ſ" in lowered:
        return  # extract() uses the whole-text regex then
    assert _spans(E._url_matches(lowered)) == _spans(E._URL.finditer(text))


@settings(max_examples=1000, deadline=None)
@given(st.one_of(TEXTS, VISA_TEXTS))
def test_visa_windows_equal_the_whole_text_regex(text):
    lowered = text.lower()
    if len(lowered) != len(text) or "ı" in lowered or "ſ" in lowered:
        return
    assert _spans(E._visa_matches(lowered)) == _spans(E._VISA.finditer(text))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_digit_led_amount_scan_equals_finditer(text):
    lowered = text.lower()
    assert _spans(E._amounts(lowered)) == _spans(E._AMOUNT.finditer(lowered))


def test_fast_paths_agree_on_realistic_ads():
    for text in HANDWRITTEN + SYNTHETIC:
        norm = normalize(text)
        lowered = norm.lower()
        assert _spans(E._url_matches(lowered)) == _spans(E._URL.finditer(norm))
        assert _spans(E._visa_matches(lowered)) == _spans(E._VISA.finditer(norm))


def _deobfuscate_reference(text):
    text = _join_number_words(text)
    text = _SPACED_DIGITS.sub(_join_spaced, text)
    return _LOOKALIKE_RUN.sub(_fix_lookalikes, text)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(TEXTS, NUMBER_TEXTS))
@example("call 0 3 0 0 1 2 3 4 5 6 7 now")
@example("call 03 O O 1 2 3 4 5 6 7 now")
@example("x 0.3.0.0.1.2.3 y")
@example("ZERO\x1cTHREE\x1cZERO\x1cZERO")  # separators str.split() knows and \s may not
@example("phone: Sifar Teen\u2028Sifar Sifar aik do")
def test_deobfuscation_hints_never_skip_a_change(text):
    assert deobfuscate_numbers(text) == _deobfuscate_reference(text)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(TEXTS, NUMBER_TEXTS))
@example("call 03OO-1234567")
@example("l0")
@example("O-9")
@example("۰۳۰۰ OOO ۱۲۳")  # Urdu digits are \d too
@example("+971 5O 123 4567 ext |1")
def test_reversed_lookalike_hint_equals_the_two_branch_regex(text):
    assert _lookalike_hint(text) == (_LOOKALIKE_HINT.search(text) is not None)


def test_reversed_lookalike_hint_on_realistic_ads():
    for text in HANDWRITTEN + SYNTHETIC + [normalize(t) for t in HANDWRITTEN + SYNTHETIC]:
        assert _lookalike_hint(text) == (_LOOKALIKE_HINT.search(text) is not None)


def _text_features_reference(lowered):
    words = _WORD.findall(lowered)
    features = set(words)
    features.update([a + " " + b for a, b in zip(words, words[1:], strict=False)])
    return features


@settings(max_examples=500, deadline=None)
@given(st.one_of(TEXTS, VISA_TEXTS))
@example("free visa free ticket")
@example("آزاد ویزا کے لیے رابطہ کریں free visa")
def test_text_features_equal_the_reference_in_iteration_order(text):
    # Same set, and the same iteration order: the score sums weights in that order.
    lowered = text.lower()
    assert list(text_features(lowered)) == list(_text_features_reference(lowered))


def test_text_features_equal_the_reference_on_realistic_ads():
    for text in HANDWRITTEN + SYNTHETIC:
        lowered = normalize(text).lower()
        assert list(text_features(lowered)) == list(_text_features_reference(lowered))


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXTS, VISA_TEXTS, NUMBER_TEXTS))
@example("İstanbul visa, call ۰۳۰۰-۱۲۳۴۵۶۷, salary 2000 AED/month")
@example("ſalary Rs 50,000 per month, 03OO 1234567, wa.me/923001234567")
def test_lowering_once_gives_what_match_and_extract_give(text):
    # screen_text lowers the normalised text once and hands it to rules and entities.
    from adscreen.rules import default_rules

    norm = normalize(text)
    rules = default_rules()
    assert rules._match_lowered(norm, norm.lower()) == rules.match(norm)
    assert E._extract(norm, norm.lower()) == E.extract(norm, normalized=True)


def test_str_split_whitespace_is_regex_whitespace():
    space = re.compile(r"\s")
    differ = [c for c in range(sys.maxunicode + 1) if bool(space.match(chr(c))) != chr(c).isspace()]
    assert differ == []
    assert normalize(" a\u2003\u00a0b\x1c c\n") == "a b c"


@pytest.mark.parametrize("text", HANDWRITTEN[:10] + SYNTHETIC[:20])
def test_entities_to_dict_equals_asdict(text):
    e = E.extract(text)
    assert e.to_dict() == {**asdict(e), "contacts": e.contacts()}


@pytest.mark.parametrize("explain", [False, True])
def test_row_json_is_exactly_json_dumps_of_the_row(explain):
    texts = HANDWRITTEN + SYNTHETIC + ['Rs 50,000/month, İstanbul "quoted" \\ back\u2028slash']
    texts += ['Drivers for Saudi Arabia, OEP licence No. 1234/LHR, "interview" in Lahore']
    seen = {"reasons": 0, "notes": 0, "flags-only": 0}
    texts += ["مطلوب سائق للعمل في الرياض، واتساب فقط"]
    for i, text in enumerate(texts):
        record = Record(id=f"ad-{i}", text=text, line=i + 1, source="fb", url="https://x.example")
        result = screen_text(text, explain=explain)
        assert row_json(record, result) == json.dumps(_row(record, result), ensure_ascii=False)
        seen["reasons"] += result.reasons is not None
        seen["notes"] += bool(result.notes)
        seen["flags-only"] += result.basis == "flags-only"
    assert all(seen.values()), seen  # every kind of row was compared


def test_screen_lines_matches_the_record_reader_and_reports_rejects():
    raw = (FIXTURES / "ads_bad_lines.jsonl").read_bytes()
    fmt, lines = read_lines(str(FIXTURES / "ads_bad_lines.jsonl"))
    lines = list(lines)
    assert fmt == "jsonl" and b"".join(b for _, b in lines) == raw
    rejects_seen = []
    records = list(
        read_records(str(FIXTURES / "ads_bad_lines.jsonl"), on_reject=rejects_seen.append)
    )
    text, rows, rejects, n_lines = screen_lines(lines)
    assert n_lines == len(lines) and rows == len(records)
    assert [(r.line, r.reason) for r in rejects] == [(r.line, r.reason) for r in rejects_seen]
    expected = [json.dumps(_row(r, screen_text(r.text)), ensure_ascii=False) for r in records]
    assert text.splitlines() == expected


def test_parse_jsonl_line_handles_long_blank_and_bom_lines():
    assert parse_jsonl_line(3, None, 10).reason == "line longer than 10 bytes"
    assert parse_jsonl_line(2, b"  \n") is None
    record = parse_jsonl_line(1, b'\xef\xbb\xbf{"id": 1, "text": "azad visa"}\n')
    assert isinstance(record, Record) and record.id == "1"


def test_screen_lines_filters_by_band_and_writes_csv_rows():
    lines = [(1, b'{"id": "a", "text": "Azad visa, no interview, pay processing fee now"}\n')]
    neutral = json.dumps({"id": "b", "text": NEUTRAL[0]}).encode()
    lines.append((2, neutral + b"\n"))
    text, rows, _, _ = screen_lines(lines, min_band="high")
    assert rows == 1 and json.loads(text)["id"] == "a"
    text, rows, _, _ = screen_lines(lines, out_format="csv")
    assert rows == 2 and [line.split(",")[0] for line in text.splitlines()] == ["a", "b"]


@pytest.mark.parametrize("out_format", ["jsonl", "csv"])
def test_cli_jobs_2_gives_the_same_output_and_rejects_as_jobs_1(tmp_path, out_format):
    outputs = []
    for jobs in ("1", "2"):
        out, rej = tmp_path / f"o{jobs}", tmp_path / f"r{jobs}.jsonl"
        code = cli.main(
            [
                "screen",
                str(FIXTURES / "ads_bad_lines.jsonl"),
                "-o",
                str(out),
                "--rejects",
                str(rej),
                "--format",
                out_format,
                "--jobs",
                jobs,
                "--chunk-size",
                "2",
            ]
        )
        assert code == cli.EXIT_REJECTS
        outputs.append((out.read_text(encoding="utf-8"), rej.read_text(encoding="utf-8")))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] and len(outputs[0][1].splitlines()) >= 3


LINE_BYTES = st.lists(
    st.tuples(st.sampled_from([0, 1, 3, 5, 9, 10, 11, 12, 25]), st.booleans()),
    max_size=10,
).map(lambda parts: b"".join(b"x" * n + (b"\n" if nl else b"") for n, nl in parts))


@settings(max_examples=500, deadline=None)
@given(LINE_BYTES, st.sampled_from([5, 10, 11]), st.sampled_from([1, 2, 4, 7, 16, 64]))
def test_blocks_give_the_same_lines_as_reading_line_by_line(data, max_bytes, block_bytes):
    expected = list(_lines(io.BytesIO(data), max_bytes))
    got = [
        line
        for first, block in _blocks(io.BytesIO(data), block_bytes, max_bytes)
        for line in block_lines(first, block, max_bytes)
    ]
    assert got == expected


def test_a_long_line_is_skipped_not_kept():
    data = b'{"id": 1, "text": "a"}\n' + b"y" * 5000 + b'\n{"id": 2, "text": "b"}\n'
    blocks = list(_blocks(io.BytesIO(data), 64, 100))
    assert (2, None) in blocks
    assert max(len(b) for _, b in blocks if b is not None) < 200
    assert [n for first, b in blocks for n, raw in block_lines(first, b, 100)] == [1, 2, 3]
