"""The Hyperscan pre-filter never changes what the rules find, and degrades safely.

The rules' pure-Python path (literal gate + regex, itself checked against brute force in
test_rules.py) is the reference; the Hyperscan path must give the same flags with the same
spans on every text, including texts it declines (odd case-folding letters, lone
surrogates), and its on-disk cache must survive corruption and unwritable folders.
"""

import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from adscreen import accel
from adscreen.normalize import normalize
from adscreen.rules import RuleSet, default_rules
from adscreen.synthetic import generate

from .test_rules import TRIGGERS

FIXTURES = Path(__file__).parent / "fixtures"
needs_hyperscan = pytest.mark.skipif(
    accel._hs is None, reason="hyperscan is not installed on this platform"
)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    # Each test session gets its own cache folder, so a stale database elsewhere on the
    # machine can neither help nor hide a bug.
    monkeypatch.setenv("ADSCREEN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "hs-cache"))


def _fresh_rules() -> RuleSet:
    data = (Path(accel.__file__).parent / "rules" / "redflags.toml").read_bytes()
    return RuleSet.from_toml(data, source="redflags.toml")


def _texts() -> list[str]:
    lines = (FIXTURES / "pk_ads_handwritten.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    short = [ad["text"] for ad in generate(400, seed=5)]
    # Long job-board-sized ads too: the pure path scans those in windows, Hyperscan whole.
    long = [" ".join(short[i : i + 12]) for i in range(0, 400, 12)]
    return [normalize(t) for t in texts + short + long]


def _both(rules: RuleSet, text: str):
    lowered = text.lower()
    return rules._match_lowered(text, lowered), rules._match_gated(text, lowered)


@needs_hyperscan
def test_hyperscan_is_used_where_it_is_installed():
    rules = _fresh_rules()
    assert rules._get_prefilter() is not None
    lowered = normalize("Azad visa, no interview, pay the fee first").lower()
    candidates = rules._prefilter.candidates(lowered)
    ids = {rules.rules[rules._checks[n][0]].id for n in candidates}
    assert {"azad-visa", "no-interview"} <= ids


@needs_hyperscan
def test_same_flags_and_spans_as_the_pure_path_on_realistic_ads():
    rules = _fresh_rules()
    texts = _texts()
    flagged = 0
    for text in texts:
        fast, reference = _both(rules, text)
        assert fast == reference, text
        flagged += bool(reference)
    assert flagged > len(texts) // 3  # the comparison covers many flagged ads, not only clean ones


@needs_hyperscan
@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            sorted(TRIGGERS.values())
            + ["the", "job", "in", "Dubai", "ka", "۔", ",", "ı", "ſ", "İ", "\ud800", "x" * 90]
        ),
        max_size=12,
    ).map(" ".join)
)
@example("vısa free, no ınterview")  # dotless i: Python's IGNORECASE folds it, Hyperscan not
@example("Azad visa \ud800 Dubai")  # a lone surrogate is not UTF-8
def test_same_flags_as_the_pure_path_on_random_mixes(text):
    rules = default_rules()
    fast, reference = _both(rules, normalize(text))
    assert fast == reference


@needs_hyperscan
@pytest.mark.parametrize("text", ["vısa free", "ſend passport", "Azad visa \ud800"])
def test_texts_hyperscan_cannot_judge_go_to_the_pure_path(text):
    prefilter = _fresh_rules()._get_prefilter()
    assert prefilter.candidates(text.lower()) is None


def test_switched_off_by_the_environment(monkeypatch):
    monkeypatch.setenv("ADSCREEN_HYPERSCAN", "0")
    rules = _fresh_rules()
    assert rules._get_prefilter() is None
    assert [f.rule_id for f in rules.match("Azad visa, no interview")] == [
        "azad-visa",
        "no-interview",
    ]


@needs_hyperscan
def test_the_compiled_database_is_cached_and_a_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("ADSCREEN_CACHE_DIR", str(tmp_path))
    patterns = [r"azad\s+visa", r"\bno\s+interview\b", r"(?<!\w)fee.{0,80}?advance"]
    first = accel.Prefilter.build(patterns)
    cached = list(tmp_path.glob("prefilter-*.hsdb"))
    assert len(cached) == 1
    assert first.candidates("azad visa, no interview") == [0, 1]

    blob = bytearray(cached[0].read_bytes())
    blob[-10] ^= 0xFF  # one flipped byte: the checksum must catch it
    cached[0].write_bytes(bytes(blob))
    assert accel._load_cached(cached[0].stem.removeprefix("prefilter-")) is None
    rebuilt = accel.Prefilter.build(patterns)
    assert rebuilt.candidates("fee in advance; azad visa") == [0, 2]
    assert accel._load_cached(cached[0].stem.removeprefix("prefilter-")) is not None


@needs_hyperscan
def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("ADSCREEN_CACHE_DIR", str(blocker / "cache"))
    prefilter = accel.Prefilter.build([r"azad\s+visa"])
    assert prefilter.candidates("azad visa") == [0]


@pytest.mark.parametrize(
    ("pattern", "inside"),
    [
        (r"\bsend\s\w+ fee\b", "send money fee"),
        (r"call.{0,80}?center", "call " + "x" * 70 + " center"),
        (r"x{2,30}", "xxxxx"),
        (r"(?:free|azad)\s?visa{1,2}", "freevisaa"),
    ],
)
def test_loosened_patterns_match_wherever_the_original_does(pattern, inside):
    import re

    assert re.search(pattern, inside)
    assert re.search(accel.loosen(pattern), inside)
    assert r"\b" not in accel.loosen(pattern) and r"\w" not in accel.loosen(pattern)


@needs_hyperscan
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["ab", "b", "abc", "دبئی", "ئی", " ", "é", "x"]), max_size=15))
def test_literals_finds_every_occurrence_like_a_plain_search(parts):
    literals = ["ab", "b", "abc", "دبئی", "ئی"]
    text = "".join(parts)
    expected = sorted(
        (start + len(lit) - 1, i)
        for i, lit in enumerate(literals)
        for start in range(len(text))
        if text.startswith(lit, start)
    )
    found = accel.Literals.build(literals).find(text)
    assert sorted((end, i) for i, end in found) == expected


@needs_hyperscan
def test_a_pattern_hyperscan_rejects_is_always_a_candidate(tmp_path, monkeypatch):
    # A named character escape is Python syntax Hyperscan cannot compile:
    # it must run on every text instead of stopping the scan, from a fresh build and from
    # the cache alike.
    monkeypatch.setenv("ADSCREEN_CACHE_DIR", str(tmp_path))
    patterns = [r"azad\s+visa", r"\N{DIGIT ONE} fee", r"no\s+interview"]
    for _ in range(2):
        prefilter = accel.Prefilter.build(patterns)
        assert prefilter.candidates("nothing here") == [1]
        assert prefilter.candidates("no interview") == [1, 2]
    assert len(list(tmp_path.glob("prefilter-*.hsdb"))) == 1


def test_patterns_that_loosening_could_narrow_are_left_alone():
    assert accel.loosen(r"[^\w]visa\b") == r"[^\w]visa\b"  # [^\S] would be narrower
    assert accel.loosen(r"\\bvisa") == r"\\bvisa"  # an escaped backslash, not a boundary


@needs_hyperscan
@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"a{,3}b", "aab"),  # {,n} is a repeat to Python, literal text to PCRE
        (r"\u0628\u0627\u062c\u0627", "باجا"),  # \u escapes are \x{...} in PCRE
        (r"\U0001F525 job", "🔥 job"),
        (r"visa\sfree", "visa\x1cfree"),  # Python's \s matches \x1c-\x1f, Hyperscan's not
    ],
)
def test_python_only_syntax_is_never_a_missed_candidate(pattern, text, tmp_path, monkeypatch):
    import re

    monkeypatch.setenv("ADSCREEN_CACHE_DIR", str(tmp_path))
    assert re.search(pattern, text, re.IGNORECASE)
    candidates = accel.Prefilter.build([pattern]).candidates(text)
    assert candidates is None or candidates == [0]


def test_a_rule_set_can_be_pickled_after_screening():
    import copy
    import pickle

    rules = _fresh_rules()
    text = normalize("Azad visa, no interview, pay the fee first")
    expected = rules.match(text)  # builds the pre-filter where Hyperscan is installed
    # our own bytes, just written: not untrusted data
    for clone in (pickle.loads(pickle.dumps(rules)), copy.deepcopy(rules)):  # noqa: S301
        assert clone.match(text) == expected
