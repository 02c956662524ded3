"""Red-flag rules: the shipped file, validation of bad files, spans, and the fast pre-filter."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import adscreen.rules as rules_module
from adscreen.normalize import normalize
from adscreen.rules import LANGS, RulesError, RuleSet, default_rules
from adscreen.synthetic import generate

FIXTURE = Path(__file__).parent / "fixtures" / "pk_ads_handwritten.jsonl"

# One trigger per rule, in a language the rule covers. Each must raise its rule.
TRIGGERS = {
    "azad-visa": "azad visa",
    "visit-visa-work": "visit visa",
    "no-interview": "no interview",
    "guaranteed-job": "100% guaranteed job",
    "fast-visa": "visa in 10 days",
    "unrealistic-pay": "huge salary",
    "upfront-fee": "processing fee",
    "whatsapp-only": "whatsapp only",
    "passport-handover": "send your original passport",
    "women-only": "ladies staff required",
    "agent-arranges-travel": "free ticket",
    "irregular-route": "dunki",
    "scam-compound-jobs": "call centre work in Cambodia",
    "sub-agent": "sub agent",
    "selected-pay-now": "you are selected, pay the fee",
    "pilgrimage-visa-work": "umrah visa with work",
    "debt-bondage": "deducted from your salary",
    "movement-restriction": "cannot change employer",
    "excessive-hours": "16 hours a day",
    "young-age-range": "age 16-22",
    "hidden-employer": "company name will be disclosed later",
    "pressure-urgency": "limited seats",
    "off-platform-interview": "interview via yahoo",
    "payment-handling": "western union",
    "webmail-recruiter": "apply to recruiter@gmail.com",
    "no-experience-easy-money": "no experience needed",
    "abroad-no-licence": "drivers needed for Saudi Arabia",
}

MINIMAL_RULE = """
version = 7
[[rule]]
id = "demo"
version = 1
weight = 0.5
category = "demo"
explanation_en = "Demo."
explanation_ur = "نمونہ۔"
[rule.patterns]
en = ['demo\\sword']
ur = []
roman-ur = []
"""


def fixture_texts():
    texts = [json.loads(line)["text"] for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    texts += [ad["text"] for ad in generate(300, seed=11)]
    return [normalize(t) for t in texts]


def test_shipped_rules_are_complete_and_bilingual():
    rules = default_rules()
    assert rules.version >= 1
    assert set(rules.by_id) == set(TRIGGERS)
    for rule in rules.rules:
        assert rule.explanation_en and rule.explanation_ur
        assert any("\u0600" <= ch <= "\u06ff" for ch in rule.explanation_ur), rule.id
        assert set(rule.patterns) == set(LANGS)
        assert 0 < rule.weight <= 1


@pytest.mark.parametrize(("rule_id", "trigger"), sorted(TRIGGERS.items()))
def test_each_rule_fires_on_its_trigger_with_the_exact_span(rule_id, trigger):
    text = normalize(f"Jobs abroad. {trigger}. Apply soon.")
    flags = {f.rule_id: f for f in default_rules().match(text)}
    assert rule_id in flags
    flag = flags[rule_id]
    assert text[flag.span[0] : flag.span[1]] == flag.text
    assert flag.text.lower() in trigger.lower() or trigger.lower() in flag.text.lower()


def test_urdu_and_roman_urdu_patterns_fire():
    rules = default_rules()
    assert [f.rule_id for f in rules.match(normalize("آزاد ویزا دستیاب ہے"))] == ["azad-visa"]
    assert [f.rule_id for f in rules.match("passport jama karwa dein")] == ["passport-handover"]


def test_words_inside_other_words_do_not_fire():
    assert default_rules().match("the dunkingham hotel, thevisitvisa shop, freevisas2go") == []


def test_the_prefilter_never_changes_the_result():
    # Reference: each rule's combined regex over the whole text, no gating, no windows.
    rules = default_rules()
    for text in fixture_texts():
        fast = [f.rule_id for f in rules.match(text)]
        slow = [r.id for r in rules.rules if r.fires(text)]
        assert fast == slow, text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            sorted(TRIGGERS.values())
            + ["the", "job", "in", "Dubai", "ka", "۔", ",", "licence no. 1234/LHR", "OEP 5224"]
        ),
        max_size=12,
    )
)
def test_prefilter_matches_brute_force_on_random_mixes(words):
    text = normalize(" ".join(words))
    rules = default_rules()
    assert [f.rule_id for f in rules.match(text)] == [r.id for r in rules.rules if r.fires(text)]


def test_pure_python_literal_search_equals_aho_corasick(monkeypatch):
    rules = default_rules()
    texts = fixture_texts()[:60]
    with_automaton = [rules.literals_in(t.lower()) for t in texts]
    monkeypatch.setattr(rules, "_automaton", None)
    without = [rules.literals_in(t.lower()) for t in texts]
    assert [{k: sorted(v) for k, v in d.items()} for d in with_automaton] == [
        {k: sorted(v) for k, v in d.items()} for d in without
    ]
    assert rules_module._ahocorasick is not None or with_automaton == without


def test_a_minimal_rules_file_loads(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(MINIMAL_RULE, encoding="utf-8")
    rules = rules_module.load_rules(path)
    assert rules.version == 7 and len(rules) == 1
    assert [f.span for f in rules.match("a demo word here")] == [(2, 11)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("weight = 0.5", "weight = 1.5"), "weight"),
        (('explanation_ur = "نمونہ۔"', ""), "explanation_ur"),
        (("en = ['demo\\sword']", "en = ['demo(']"), "bad pattern"),
        (("roman-ur = []", ""), "patterns"),
        (('id = "demo"', 'id = "Demo Rule"'), "kebab-case"),
        (("version = 7", ""), "version"),
        # These raised re.error, RecursionError and OverflowError instead of RulesError.
        (("en = ['demo\\sword']", "en = ['(?P<n>a)', '(?P<n>b)']"), "bad pattern"),
        (("en = ['demo\\sword']", "en = ['" + "(" * 5000 + "a" + ")" * 5000 + "']"), "bad pattern"),
        (("en = ['demo\\sword']", "en = ['a{4294967296}']"), "bad pattern"),
    ],
)
def test_malformed_rules_are_rejected_with_a_reason(change, message):
    text = MINIMAL_RULE.replace(*change)
    assert text != MINIMAL_RULE
    with pytest.raises(RulesError, match=message):
        RuleSet.from_toml(text)


def test_duplicate_ids_are_rejected():
    doubled = MINIMAL_RULE + MINIMAL_RULE.split("version = 7", 1)[1]
    with pytest.raises(RulesError, match="duplicate"):
        RuleSet.from_toml(doubled)


TIE_RULES = """
version = 1
[[rule]]
id = "tie"
version = 1
weight = 0.5
category = "demo"
explanation_en = "Demo."
explanation_ur = "نمونہ۔"
[rule.patterns]
en = ['advance\\sfee', 'advance']
ur = []
roman-ur = []
"""


def test_of_matches_starting_together_the_first_listed_pattern_gives_the_span():
    rules = RuleSet.from_toml(TIE_RULES)
    (flag,) = rules.match("pay the advance fee now")
    assert flag.text == "advance fee"
    swapped = TIE_RULES.replace(
        "en = ['advance\\sfee', 'advance']", "en = ['advance', 'advance\\sfee']"
    )
    assert swapped != TIE_RULES
    reordered = RuleSet.from_toml(swapped)
    assert reordered.match("pay the advance fee now")[0].text == "advance"


def test_alternatives_with_a_common_prefix_still_gate_the_pattern():
    # The parser turns "umar|umer|umr" into "um" + ("ar"|"er"|"r"); the pre-filter must
    # still see the whole words, so that the pattern is skipped on ads without them.
    rule = default_rules().by_id["young-age-range"]
    check = next(c for c in rule.checks if "umar" in c.regex.pattern)
    assert check.gate is not None
    assert any(group == {"umar", "umer", "umr"} for group in check.gate)
    assert [f.rule_id for f in default_rules().match("umar 16 se 22 saal")] == ["young-age-range"]


# Recruiting for work abroad without an OEP licence number (Emigration Ordinance 1979 s.9,
# s.17(4)): the flag needs a destination with a job, visa or workers, in any of the three
# languages, and a licence number anywhere in the ad stops it.
ABROAD = [
    "Drivers needed for Saudi Arabia, salary 1500 SAR",
    "Jobs in Dubai for electricians, apply now",
    "Qatar work visa available for helpers",
    "Saudia ke liye driver chahiye, rabta karein",
    "dubai mein kaam ke liye helper ki zaroorat hai",
    "دبئی کے لیے ڈرائیور کی ضرورت ہے",
    "سعودی عرب میں نوکریاں، ویزا دستیاب",
]
LICENSED = [
    " OEP licence No. 1234/LHR.",
    " Licence # 5224.",
    " لائسنس نمبر 2780/RWP",
    " licence number 0848/LHR",
    " Overseas Employment Corporation",
]


@pytest.mark.parametrize("ad", ABROAD)
def test_recruiting_abroad_without_a_licence_number_is_flagged(ad):
    flags = {f.rule_id: f for f in default_rules().match(normalize(ad))}
    assert "abroad-no-licence" in flags, ad
    assert "1979" in flags["abroad-no-licence"].explanation_en


@pytest.mark.parametrize("ad", ABROAD)
@pytest.mark.parametrize("licence", LICENSED)
def test_a_licence_number_anywhere_stops_the_flag(ad, licence):
    for text in (ad + licence, licence.strip() + " " + ad):
        assert "abroad-no-licence" not in [
            f.rule_id for f in default_rules().match(normalize(text))
        ]


@pytest.mark.parametrize(
    "ad",
    [
        "Accountant needed in Lahore, send your CV",
        "دبئی میں آئی سی سی حکام کا اجلاس",  # news: 'Dubai' and a word containing 'کام'
        "Our team works with partners in Europe and Asia on data pipelines",
    ],
)
def test_the_abroad_flag_needs_recruitment_for_a_destination(ad):
    assert "abroad-no-licence" not in [f.rule_id for f in default_rules().match(normalize(ad))]


def test_unless_patterns_are_validated(tmp_path):
    base = MINIMAL_RULE + "[rule.unless]\nen = ['x(']\nur = []\nroman-ur = []\n"
    with pytest.raises(RulesError, match="unless"):
        RuleSet.from_toml(base)
    with pytest.raises(RulesError, match="unless"):
        RuleSet.from_toml(MINIMAL_RULE + "[rule.unless]\nen = ['x']\n")
    ok = RuleSet.from_toml(
        MINIMAL_RULE + "[rule.unless]\nen = ['not\\sthis']\nur = []\nroman-ur = []\n"
    )
    assert [f.rule_id for f in ok.match("a demo word")] == ["demo"]
    assert ok.match("a demo word, not this") == []
