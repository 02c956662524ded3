"""The compiled word scorer (adscreen/_wordscore.c) against the plain definition of the
classifier's text features: distinct words of two or more letters and distinct adjacent
word pairs, each weighed by the model.

The reference here is written out on purpose rather than imported: the test must not take
its expectation from the code it checks.
"""

from __future__ import annotations

import copy
import pickle
import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adscreen.classify import Prepared, default_model
from adscreen.features import text_features

wordscore = pytest.importorskip(
    "adscreen._wordscore",
    reason="the C module was not built (no compiler); adscreen uses the Python reference",
)

_WORD = re.compile(r"[^\W\d_]{2,}")


def reference(lowered: str, weights: dict[str, float]) -> tuple[float, int]:
    words = _WORD.findall(lowered)
    feats = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    return sum(weights.get(f, 0.0) for f in feats), len(feats)


def assert_same(lowered: str, weights: dict[str, float]) -> None:
    total, n = wordscore.WordTable(weights).score(lowered)
    want_total, want_n = reference(lowered, weights)
    assert n == want_n, lowered
    assert total == pytest.approx(want_total, rel=1e-12, abs=1e-12), lowered


def test_words_pairs_and_repeats():
    weights = {"azad": 1.0, "visa": 0.25, "azad visa": 0.5, "visa azad": 2.0, "dubai": 8.0}
    # "4" and "u" are not words, so "visa" and "رابطہ" are neighbours; repeats count once.
    text = "azad visa, azad visa 4 u رابطہ"
    assert wordscore.WordTable(weights).score(text) == (3.75, 6)
    assert_same(text, weights)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "ab",
        "a b c",
        "12 ab34cd__ef",  # digits and underscores split words
        "x² ½ab",  # superscripts and fractions are letters to [^\W\d_], decimal digits are not
        "ab\u0651cd",  # a combining mark (not alphanumeric) ends a word
        "ab٣cd ۴۵ ab",  # Arabic-Indic and Urdu digits are decimal digits
        "𝐀𝐁 𝐀𝐁 😀😀 ab",  # astral letters form words, emoji do not
        "\ud800ab\udfffcd",  # lone surrogates are not letters
        "visa visa visa visa",
        "ab cd ab cd ab",
        "ٹرانسپورٹ کمپنی ٹرانسپورٹ",
    ],
)
def test_edge_texts(text):
    words = _WORD.findall(text)
    weights = {w: float(i + 1) for i, w in enumerate(words)}
    weights.update({f"{a} {b}": 0.5 for a, b in zip(words, words[1:], strict=False)})
    assert_same(text, weights)


def test_keys_that_can_never_be_features_are_ignored():
    weights = {" ab": 9.0, "ab ": 9.0, "ab  cd": 9.0, "ab cd ef": 9.0, "": 9.0, "ab cd": 1.0}
    assert wordscore.WordTable(weights).score("ab cd ef") == (1.0, 5)
    assert wordscore.WordTable(weights).sizes() == (2, 1)


def test_every_code_point_is_classified_like_the_regex():
    # Doubled characters make two-letter words; weights are distinct integers, so any
    # character judged differently changes the count or the (exact) sum of its chunk.
    for start in range(0, sys.maxunicode + 1, 256):
        chars = [chr(c) for c in range(start, min(start + 256, sys.maxunicode + 1))]
        text = " ".join(ch * 2 for ch in chars)
        weights = {ch * 2: float(start + i) for i, ch in enumerate(chars)}
        got = wordscore.WordTable(weights).score(text)
        assert got == reference(text, weights), f"code points {start:#x}-{start + 255:#x}"


_ALPHABET = st.sampled_from(
    list("abcxyz AZ_09 .,-/\n\t")
    + list("ابپتٹدڈرڑںےھۓ ٠١٢۴۵")
    + ["\u0651", "²", "½", "𝐀", "😀", "İ"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(alphabet=_ALPHABET, max_size=120),
    extra=st.lists(st.text(alphabet=_ALPHABET, max_size=8), max_size=6),
    seed=st.integers(0, 2**16),
)
def test_random_texts_match_the_reference(text, extra, seed):
    words = _WORD.findall(text)
    candidates = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] + extra
    weights = {key: ((seed * (i + 7)) % 97 - 48) / 16 for i, key in enumerate(candidates)}
    assert_same(text, weights)


def test_bad_weights_are_refused():
    with pytest.raises(TypeError, match="must be str"):
        wordscore.WordTable({1: 1.0})
    with pytest.raises(TypeError, match="must be a number"):
        wordscore.WordTable({"ab": "1.0"})
    with pytest.raises(TypeError):
        wordscore.WordTable(["ab"])
    with pytest.raises(TypeError, match="needs a str"):
        wordscore.WordTable({}).score(b"ab")


def test_int_weights_are_read_without_running_python_code():
    # PyFloat_AsDouble on an int subclass calls its __float__, which could empty the dict
    # while the table walks it and free the key being read (a use-after-free under ASan).
    calls = []

    class Tricky(int):
        def __float__(self):
            calls.append(self)
            return 99.0

    weights = {"ab": Tricky(2), "cd": 0.5}
    assert wordscore.WordTable(weights).score("ab cd") == (2.5, 3)
    assert calls == []


def test_uninitialised_table_is_refused():
    with pytest.raises(RuntimeError, match="not initialised"):
        wordscore.WordTable.__new__(wordscore.WordTable).score("ab")


def test_model_scores_the_same_with_and_without_the_c_module(monkeypatch):
    model = copy.deepcopy(default_model())
    texts = [
        "azad visa for dubai, no interview. pay advance fee. whatsapp only",
        "accountant with five years of audit experience, apply with your cv",
        "دبئی کے لیے ڈرائیور کی ضرورت ہے، ویزا مفت",
        "",
    ]
    dense = [0.5, 1.0, 1.0, 0.0, 1.0, 0.0]
    native = [model.score_lowered(t, dense) for t in texts]
    assert model._word_table() is not None
    for t, got in zip(texts, native, strict=True):
        assert got == pytest.approx(model.score_prepared(Prepared(text_features(t), dense)))
    monkeypatch.setenv("ADSCREEN_NATIVE", "0")
    plain = copy.deepcopy(model)  # a copy builds its own table, now without the C module
    assert plain._word_table() is None
    assert [plain.score_lowered(t, dense) for t in texts] == pytest.approx(native)


def test_new_weights_get_a_new_table():
    model = copy.deepcopy(default_model())
    before = model.score_lowered("azad visa", [0.0] * 6)
    model.token_weights_ = {"azad": 3.0}
    after = model.score_lowered("azad visa", [0.0] * 6)
    assert after == pytest.approx(
        model.score_prepared(Prepared({"azad", "visa", "azad visa"}, [0.0] * 6))
    )
    assert after != before


def test_model_pickles_after_scoring():
    model = copy.deepcopy(default_model())
    model.score_lowered("azad visa", [0.0] * 6)
    clone = pickle.loads(pickle.dumps(model))  # noqa: S301 - our own object, in memory
    assert clone.score_lowered("azad visa", [0.0] * 6) == model.score_lowered(
        "azad visa", [0.0] * 6
    )


def test_text_over_the_probe_budget_is_left_to_the_caller():
    # Text built to collide in the (unkeyed) hash tables must not make scoring quadratic:
    # past the budget score() gives up, and the classifier uses the Python reference.
    words = " ".join(f"w{chr(0x0627 + i % 26)}{chr(0x0627 + i // 26 % 26)}x" for i in range(400))
    table = wordscore.WordTable({"ab": 1.0})
    assert table.score(words, 0) is None  # 400 distinct words cannot all land without a probe
    assert table.score(words, 10**9) == table.score(words) == reference(words, {"ab": 1.0})
    with pytest.raises(TypeError):
        table.score(words, "many")


def test_classifier_falls_back_when_the_table_gives_up(monkeypatch):
    model = copy.deepcopy(default_model())
    dense = [0.5, 0.0, 0.0, 0.0, 1.0, 0.0]
    text = "azad visa for dubai, pay the agent"
    expected = model.score_prepared(Prepared(text_features(text), dense))

    class GivesUp:
        def score(self, lowered):
            return None

    monkeypatch.setattr(model, "_word_table", lambda: GivesUp())
    assert model.score_lowered(text, dense) == expected
