"""The score rests on content, not style: the same ad in another case, without punctuation,
shortened to its offer or padded with ordinary text keeps its band; every high result says
why; an ad in a language the model was not trained on is judged on flags and facts only."""

import json
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adscreen.classify import default_model
from adscreen.pipeline import screen_text
from adscreen.synthetic import generate

FIXTURE = Path(__file__).parent / "fixtures" / "pk_ads_handwritten.jsonl"

# (core offer, filler that a longer version of the same ad adds). Written for these tests.
DECEPTIVE = [
    (
        "Azad visa for Saudi Arabia, no interview needed. Pay the processing fee of Rs 80,000 "
        "by JazzCash and send your original passport. WhatsApp only 0300-0000123",
        "Our team has helped many brothers reach the Gulf. Duty is in a clean environment.",
    ),
    (
        "Dubai ke liye azad visa dastiyab hai, bina interview. Advance fee 1 lakh jama karwayen "
        "aur passport jama karwa dein. Sirf WhatsApp karein 0321-0000456",
        "Kaam achha hai aur rehaish bhi milegi. Mazeed maloomat ke liye rabta karein.",
    ),
    (
        "سعودی عرب کے لیے آزاد ویزا دستیاب ہے، بغیر انٹرویو۔ ایڈوانس فیس جمع کروائیں اور اصل "
        "پاسپورٹ جمع کروائیں۔ صرف واٹس ایپ کریں 03000000789",
        "کام صاف ستھرا ہے اور رہائش بھی ملے گی۔ مزید معلومات کے لیے رابطہ کریں۔",
    ),
    (
        "Amazon is hiring part-time staff, earn Rs 5000 per day from your phone, no experience "
        "needed. Pay a small registration fee to start. Add us on WhatsApp wa.me/923000000999",
        "Flexible hours, work any time of the day. Thousands have joined already.",
    ),
]
LEGITIMATE = [
    (
        "Accounts officer required for a textile company in Faisalabad. B.Com or ACCA with two "
        "years of experience in ledgers and tax returns. Bring your CV to our head office.",
        "Office hours are nine to five, Monday to Saturday. Medical cover for the family.",
    ),
    (
        "Lahore mein ek school ko computer teacher ki zaroorat hai. BS computer science aur do "
        "saal ka tajurba zaroori hai. CV school ke daftar mein jama karwayen.",
        "Subah aath se dopahar do baje tak duty hogi aur itwaar ko chutti.",
    ),
    (
        "راولپنڈی میں ایک دواخانے کو فارمیسی اسسٹنٹ کی ضرورت ہے۔ فارمیسی کا ڈپلومہ اور ایک سال کا تجربہ "
        "ضروری ہے۔ اپنی سی وی دفتر میں جمع کروائیں۔",
        "صبح نو سے شام پانچ بجے تک ڈیوٹی ہوگی اور اتوار کو چھٹی ہوگی۔",
    ),
    (
        "We are looking for a senior data engineer to build and maintain our data pipelines. "
        "You will work with analysts and product managers to deliver reliable datasets.",
        "We offer a hybrid schedule, health insurance and a yearly learning budget.",
    ),
]
BENIGN_PADDING = (
    "The weather this week has been pleasant and the markets were busy before the holidays. "
    "Families gathered in the parks and the roads were full in the evening."
)
_PUNCT = str.maketrans("", "", string.punctuation + "،۔؟")


def variants(core, filler):
    full = f"{core} {filler}"
    return {
        "full": full,
        "lower": full.lower(),
        "SHOUTED": full.upper(),
        "shortened": core,
        "padded": f"{full} {BENIGN_PADDING}",
        "no punctuation": " ".join(full.translate(_PUNCT).split()),
    }


@pytest.mark.parametrize(("core", "filler"), DECEPTIVE)
def test_a_deceptive_ad_stays_high_however_it_is_written(core, filler):
    bands = {name: screen_text(text).band for name, text in variants(core, filler).items()}
    assert set(bands.values()) == {"high"}, bands


@pytest.mark.parametrize(("core", "filler"), LEGITIMATE)
def test_a_legitimate_ad_stays_out_of_high_however_it_is_written(core, filler):
    bands = {name: screen_text(text).band for name, text in variants(core, filler).items()}
    assert "high" not in bands.values(), bands
    assert len(set(bands.values())) == 1, bands


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(DECEPTIVE + LEGITIMATE), st.lists(st.booleans(), min_size=1))
def test_case_never_changes_the_score(ad, upper):
    text = f"{ad[0]} {ad[1]}"
    changed = "".join(
        ch.upper() if upper[i % len(upper)] else ch.lower() for i, ch in enumerate(text)
    )
    # O and l are digit look-alikes in phone numbers whatever their case; keep those digits.
    assert screen_text(changed).score == pytest.approx(screen_text(text).score, abs=1e-9)


def many_ads():
    texts = [json.loads(line)["text"] for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    texts += [a["text"] for a in generate(1500, seed=21)]
    texts += [f"{c} {f}" for c, f in DECEPTIVE + LEGITIMATE]
    return texts


def test_every_high_result_names_its_reasons():
    highs = 0
    for text in many_ads():
        result = screen_text(text)
        if result.band != "high":
            assert result.reasons is None
            continue
        highs += 1
        reasons = result.reasons
        assert reasons and (reasons.get("flags") or reasons.get("words") or reasons.get("signals"))
        for rule_id, matched in reasons.get("flags", []):
            flag = next(f for f in result.flags if f.rule_id == rule_id)
            assert flag.text == matched and flag.span[1] > flag.span[0]
        for word, contribution in reasons.get("words", []):
            assert contribution > 0 and word
    assert highs > 300  # the check saw plenty of high results


def test_a_high_score_with_nothing_to_show_is_not_high():
    import copy

    model = copy.deepcopy(default_model())
    model.intercept_ += 50.0  # every ad scores ~1.0, most with no word or flag behind it
    model.flags_only_ = dict(model.flags_only_, intercept=model.flags_only_["intercept"] + 50)
    neutral = "Lorem ipsum dolor sit amet"  # no word the model knows, no flag
    result = screen_text(neutral, model=model)
    assert result.score > 0.99 and result.band == "medium" and result.reasons is None
    flagged = screen_text("Azad visa, pay the processing fee", model=model)
    assert flagged.band == "high" and flagged.reasons["flags"][0][0] == "azad-visa"


def test_function_words_are_never_named_as_reasons():
    import copy

    model = copy.deepcopy(default_model())
    # "the" and "and" made as strong as any word can be: they may move the score...
    model.token_weights_ = {**model.token_weights_, "the": 3.0, "and": 3.0, "the and": 3.0}
    model.intercept_ += 2.0
    text = "the and the and"  # nothing but function words: no flag, no signal
    for explain in (False, True):  # the compiled scorer and the reference alike
        result = screen_text(text, model=model, explain=explain)
        # ...but a person cannot check them, so they are no reason and the ad is not high
        assert result.score >= model.threshold and result.band == "medium", result
    mixed = screen_text("the and the, earn daily", model=model)
    for word, _ in (mixed.reasons or {}).get("words", []):
        assert word not in ("the", "and", "the and")


ARABIC_ADS = [
    "مطلوب محاسب للعمل في شركة كبرى في الرياض، خبرة لا تقل عن ثلاث سنوات، راتب مجز وتأمين طبي",
    "شركة مقاولات تعلن عن حاجتها لمهندس مدني في جدة، يشترط إجادة اللغة الإنجليزية",
    "مطلوب سائق نقل ثقيل في الدمام، دوام كامل، سكن ومواصلات",
]


@pytest.mark.parametrize("ad", ARABIC_ADS)
def test_arabic_gulf_ads_are_not_high_for_being_arabic(ad):
    result = screen_text(ad)
    assert result.language == "ar" and result.basis == "flags-only"
    assert result.band == "low", result.score
    assert result.to_dict()["basis"] == "flags-only"


def test_other_languages_are_scored_on_flags_and_facts_only():
    swedish = (
        "Vi söker en erfaren lagerarbetare till vårt team i Göteborg. Du har truckkort och "
        "gillar att arbeta i ett högt tempo. Tjänsten är en tillsvidareanställning på heltid."
    )
    result = screen_text(swedish)
    assert result.language == "other" and result.basis == "flags-only"
    assert result.band == "low"
    english = screen_text(LEGITIMATE[3][0])
    assert english.basis == "words+flags"


def test_a_licence_number_is_a_reason_to_check_the_registry_not_proof():
    result = screen_text(
        "Drivers required for Saudi Arabia. OEP licence No. 1234/LHR. Interviews at our Lahore "
        "office, no fee charged to workers."
    )
    assert "abroad-no-licence" not in [f.rule_id for f in result.flags]
    (note,) = result.notes
    assert note["id"] == "check-licence" and "1234/LHR" in note["en"]
    assert "not proof" in note["en"] and "beoe.gov.pk" in note["en"] and note["ur"]
    unlicensed = screen_text("Drivers required for Saudi Arabia. Interviews at our Lahore office.")
    assert "abroad-no-licence" in [f.rule_id for f in unlicensed.flags]
    assert unlicensed.notes == []
