"""The classifier: estimator contract, save/load, calibration, and "never one word"."""

import json

import numpy as np
import pytest

from adscreen.classify import AdClassifier, ModelFormatError, default_model, load_model
from adscreen.features import DENSE_FEATURES, DENSE_FEATURES_V1
from adscreen.pipeline import screen_text
from adscreen.synthetic import generate

from .test_rules import TRIGGERS

# Ordinary, legitimate ads in the three languages (written for these tests).
NEUTRAL = [
    "Accounts officer required for a textile company in Faisalabad. The candidate should hold "
    "a B.Com or ACCA qualification with two years of experience in ledgers, tax returns and "
    "bank reconciliation. Office hours are nine to five, Monday to Saturday. Please bring your "
    "CV and copies of your degrees to the interview at our head office on Canal Road.",
    "Lahore mein ek school ko computer teacher ki zaroorat hai. Umeedwar ke paas BS computer "
    "science ki degree aur do saal ka tajurba hona chahiye. Subah aath se dopahar do baje tak "
    "duty hogi aur itwaar ko chutti. Apni CV school ke daftar mein jama karwa kar interview ka "
    "waqt le lein. Tankhwah tajurbe ke mutabiq di jayegi.",
    "راولپنڈی میں ایک دواخانے کو فارمیسی اسسٹنٹ کی ضرورت ہے۔ امیدوار کے پاس فارمیسی کا ڈپلومہ اور "
    "ایک سال کا تجربہ ہونا چاہیے۔ صبح نو سے شام پانچ بجے تک ڈیوٹی ہوگی اور اتوار کو چھٹی ہوگی۔ "
    "درخواست دینے کے لیے اپنی سی وی دفتر میں جمع کروائیں اور انٹرویو کے لیے وقت لیں۔",
]


def tiny_corpus():
    ads = list(generate(240, seed=5))
    return [a["text"] for a in ads], [a["label"] for a in ads], [a["group"] for a in ads]


@pytest.fixture(scope="module")
def tiny_model():
    texts, labels, groups = tiny_corpus()
    return AdClassifier(n_splits=3, max_iter=200).fit(texts, labels, groups=groups)


def test_fit_learns_and_predict_proba_has_two_columns(tiny_model):
    texts, labels, _ = tiny_corpus()
    proba = tiny_model.predict_proba(texts[:20])
    assert proba.shape == (20, 2)
    assert np.allclose(proba.sum(axis=1), 1.0)
    # grouped out-of-fold scores are kept for reporting and separate the classes
    oof = tiny_model.oof_proba_
    labels = np.array(labels)
    assert oof[labels == 1].mean() > oof[labels == 0].mean() + 0.3


def test_params_are_stored_not_validated_in_the_constructor():
    clf = AdClassifier(threshold=2.0)  # invalid, but only fit() validates
    assert clf.get_params()["threshold"] == 2.0
    with pytest.raises(ValueError, match="threshold"):
        clf.fit(["a b", "c d"], [0, 1])
    assert clf.set_params(threshold=0.6).threshold == 0.6
    with pytest.raises(ValueError, match="unknown parameter"):
        clf.set_params(nope=1)


def test_labels_must_have_both_classes():
    with pytest.raises(ValueError, match="both"):
        AdClassifier().fit(["a", "b"], [1, 1])


def test_unfitted_model_says_so():
    with pytest.raises(RuntimeError, match="not fitted"):
        AdClassifier().predict_proba(["x"])


def test_weights_respect_the_caps(tiny_model):
    assert max(abs(w) for w in tiny_model.token_weights_.values()) <= tiny_model.token_cap + 1e-9
    strongest = tiny_model.dense_weights_[0]
    assert 0 <= strongest <= tiny_model.flag_cap + 1e-9


def test_save_and_load_round_trip_is_exact_json_not_pickle(tiny_model, tmp_path):
    path = tmp_path / "m.json"
    tiny_model.save(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == 3 and doc["kind"] == "adscreen.AdClassifier"
    assert doc["features"]["dense"] == list(DENSE_FEATURES)
    assert set(doc["flags_only"]) == {"intercept", "dense_weights", "calibration"}
    loaded = load_model(path)
    texts, _, _ = tiny_corpus()
    assert np.allclose(loaded.predict_proba(texts[:30]), tiny_model.predict_proba(texts[:30]))
    assert loaded.flags_only_ == tiny_model.flags_only_
    loaded.save(tmp_path / "again.json")
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def legacy_doc(doc, fmt):
    """A format-3 model document written the way adscreen wrote formats 1 and 2 (six dense
    features, no text_languages, no flags-only model)."""
    old = json.loads(json.dumps(doc))
    old["format"] = fmt
    del old["flags_only"], old["params"]["text_languages"], old["params"]["stop_words"]
    if fmt == 1:
        del old["params"]["min_terms"]
    old["features"]["dense"] = list(DENSE_FEATURES_V1)
    old["dense_weights"] = {k: old["dense_weights"][k] for k in DENSE_FEATURES_V1}
    return old


@pytest.mark.parametrize("fmt", [1, 2])
def test_format_1_and_2_files_keep_loading_and_scoring_as_before(tiny_model, tmp_path, fmt):
    old = legacy_doc(tiny_model.to_json(), fmt)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    loaded = load_model(path)
    old_names = DENSE_FEATURES_V1
    assert loaded.dense_names_ == old_names and loaded.flags_only_ is None
    # every language is read by the words, as before format 3
    assert loaded.basis("ar") == loaded.basis("other") == "words+flags"
    from adscreen.classify import prepare

    ad = prepare("Azad visa for Dubai, pay advance fee, whatsapp 0300-0000012")[0]
    # the old model reads the six format-1 dense features only
    w = dict(zip(DENSE_FEATURES, tiny_model.dense_weights_, strict=True))
    newer = sum(
        w[k] * v for k, v in zip(DENSE_FEATURES, ad.dense, strict=True) if k not in old_names
    )
    assert loaded.decision(ad) == pytest.approx(tiny_model.decision(ad) - newer)
    loaded.save(tmp_path / "again.json")  # written back in the old format (1: min_terms 1)
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))["format"] == 1
    broken = dict(old, format=3)
    (tmp_path / "bad.json").write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(ModelFormatError):
        load_model(tmp_path / "bad.json")


def test_an_unread_language_is_scored_by_flags_and_facts_only(tiny_model):
    from adscreen.classify import prepare

    a = prepare("مطلوب محاسب للعمل في شركة كبرى في الرياض براتب مجز")[0]
    b = prepare("مطلوب سائق شاحنة في جدة مع خبرة خمس سنوات")[0]
    assert a.features != b.features and a.dense == b.dense
    assert tiny_model.basis("ar") == "flags-only" and tiny_model.basis("en") == "words+flags"
    assert tiny_model.score_prepared(a, "ar") == tiny_model.score_prepared(b, "ar")
    assert tiny_model.score_prepared(a, "ar") == tiny_model.flags_only_score(a.dense)
    assert tiny_model.score_lowered("x y z", a.dense, "other") == tiny_model.flags_only_score(
        a.dense
    )
    assert tiny_model.score_prepared(a, "en") != tiny_model.score_prepared(a, "ar")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not JSON"),
        ('{"format": 99}', "unknown model format 99"),
        ('{"format": true, "kind": "adscreen.AdClassifier"}', "unknown model format True"),
        ('{"format": 1, "kind": "other"}', "not an adscreen model"),
        ('{"format": 1, "kind": "adscreen.AdClassifier"}', "malformed"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_bad_model_files_raise_model_format_error(tmp_path, content, message):
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelFormatError, match=message):
        load_model(path)


def test_shipped_model_carries_its_training_metadata():
    model = default_model()
    training = model.training_
    assert training["model_version"]
    assert training["grouped_cv"]["all"]["roc_auc"] > 0.5
    assert any("synthetic" in s for s in training["sources"])
    assert model.rules_version_ >= 1


def test_shipped_model_records_the_validation_its_card_reports():
    # MODEL_CARD.md's "Against the targets" quotes these figures from the model file; the
    # file must not change without them (a retrained model updates both).
    model = default_model()
    training = model.training_
    gcv = {row["source"]: row for row in training["grouped_cv_by_source"]}
    loso = {row["source"]: row for row in training["leave_one_source_out"]}
    emscad = gcv["emscad_subset_train"]
    assert emscad["roc_auc"] >= 0.93 and emscad["recall"] >= 0.60
    modern = [name for name, row in loso.items() if row["deceptive"] == 0]
    assert "workclass_sg_2020_21" in modern and "linkedin_scrape_2025" in modern
    for name in modern:  # every legitimate source seen in training stays <= 10% high
        assert gcv[name]["false_positive_rate"] <= 0.10, name
    assert training["threshold_choice"]["threshold"] == model.threshold
    assert training["threshold_choice"]["beyond_any_threshold"] == ["workclass_sg_2020_21"]
    assert loso["workclass_sg_2020_21"]["false_positive_rate"] > 0.10  # the known miss
    assert model.stop_words == "artefacts" and model.function_word_cap == 1.0


@pytest.mark.parametrize("neutral", NEUTRAL)
def test_neutral_ads_score_low(neutral):
    assert screen_text(neutral).band == "low"


@pytest.mark.parametrize("neutral", NEUTRAL)
@pytest.mark.parametrize(("rule_id", "trigger"), sorted(TRIGGERS.items()))
def test_one_trigger_phrase_cannot_push_a_neutral_ad_over_the_threshold(neutral, rule_id, trigger):
    result = screen_text(f"{neutral} {trigger}.")
    assert rule_id in [f.rule_id for f in result.flags]  # the trigger really fired
    assert result.band != "high", (rule_id, result.score)


@pytest.mark.parametrize("neutral", NEUTRAL)
def test_the_most_incriminating_single_words_cannot_either(neutral):
    model = default_model()
    top = sorted(model.token_weights_.items(), key=lambda kv: -kv[1])[:40]
    for word, _ in top:
        assert screen_text(f"{neutral} {word}").band != "high", word


def test_corroborating_flags_do_raise_the_score():
    neutral = NEUTRAL[0]
    one = screen_text(f"{neutral} azad visa.").score
    three = screen_text(f"{neutral} azad visa. processing fee. send your original passport.").score
    assert three > one
    assert (
        screen_text(f"{neutral} azad visa. processing fee. send your original passport.").band
        == "high"
    )


def test_flag_contributions_credit_the_strongest_flag_at_the_capped_rate():
    model = default_model()
    result = screen_text("azad visa only")
    contrib = model.flag_contributions(result.flags)
    assert list(contrib) == ["azad-visa"]
    assert contrib["azad-visa"] <= model.flag_cap * result.flags[0].weight + 1e-9


def test_min_terms_damps_the_words_of_short_ads_and_needs_format_2(tmp_path):
    texts, labels, groups = tiny_corpus()
    damped = AdClassifier(n_splits=3, max_iter=200, min_terms=60).fit(texts, labels, groups=groups)
    plain = AdClassifier(n_splits=3, max_iter=200).fit(texts, labels, groups=groups)
    from adscreen.classify import prepare

    short = prepare("azad visa")[0]
    assert len(short.features) < 60
    word_part = (
        damped.decision(short)
        - damped.intercept_
        - sum(w * v for w, v in zip(damped.dense_weights_, short.dense, strict=True))
    )
    expected = sum(damped.token_weights_.get(f, 0.0) for f in short.features) / 60**0.5
    assert word_part == pytest.approx(expected)
    # format 2 holds min_terms (format 1 cannot); format 1 files still load
    (tmp_path / "d.json").write_text(json.dumps(legacy_doc(damped.to_json(), 2)), "utf-8")
    (tmp_path / "p.json").write_text(json.dumps(legacy_doc(plain.to_json(), 1)), "utf-8")
    doc = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert doc["format"] == 2 and doc["params"]["min_terms"] == 60
    assert load_model(tmp_path / "d.json").min_terms == 60
    assert load_model(tmp_path / "p.json").min_terms == 1
    assert damped.to_json()["params"]["min_terms"] == 60
    doc["format"] = 1
    (tmp_path / "bad.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="format 1 has no 'min_terms'"):
        load_model(tmp_path / "bad.json")
    with pytest.raises(ValueError, match="min_terms"):
        AdClassifier(min_terms=0).fit(texts, labels)


def test_stop_words_get_no_weight_and_the_choice_is_saved(tmp_path):
    texts, labels, groups = tiny_corpus()
    plain = AdClassifier(n_splits=2, max_iter=100).fit(texts, labels, groups=groups)
    stopped = AdClassifier(n_splits=2, max_iter=100, stop_words=True).fit(
        texts, labels, groups=groups
    )
    from adscreen.features import is_stop_term

    assert any(is_stop_term(t) for t in plain.token_weights_)
    assert not any(is_stop_term(t) for t in stopped.token_weights_)
    assert any(" " in t for t in stopped.token_weights_)  # content bigrams are kept
    stopped.save(tmp_path / "s.json")
    assert load_model(tmp_path / "s.json").stop_words is True


def test_artefact_stop_words_keep_function_words_and_the_choice_is_saved(tmp_path):
    from adscreen.features import ARTEFACT_WORDS, FUNCTION_WORDS, is_stop_term

    texts, labels, groups = tiny_corpus()
    assert any("example" in t for t in texts)  # the synthetic ads hold artefacts to drop
    plain = AdClassifier(n_splits=2, max_iter=100).fit(texts, labels, groups=groups)
    model = AdClassifier(n_splits=2, max_iter=100, stop_words="artefacts").fit(
        texts, labels, groups=groups
    )
    assert any(is_stop_term(t, ARTEFACT_WORDS) for t in plain.token_weights_)
    assert not any(is_stop_term(t, ARTEFACT_WORDS) for t in model.token_weights_)
    assert any(is_stop_term(t, FUNCTION_WORDS) for t in model.token_weights_)
    model.save(tmp_path / "a.json")
    assert load_model(tmp_path / "a.json").stop_words == "artefacts"
    doc = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    doc["params"]["stop_words"] = "some"
    (tmp_path / "bad.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="stop_words"):
        load_model(tmp_path / "bad.json")
    with pytest.raises(ValueError, match="stop_words"):
        AdClassifier(stop_words="yes").fit(texts, labels)


def test_function_words_stay_within_their_own_cap_and_the_cap_is_saved(tmp_path):
    from adscreen.features import FUNCTION_WORDS, is_stop_term

    texts, labels, groups = tiny_corpus()
    free = AdClassifier(n_splits=2, max_iter=100, stop_words="artefacts").fit(
        texts, labels, groups=groups
    )
    capped = AdClassifier(
        n_splits=2, max_iter=100, stop_words="artefacts", function_word_cap=0.05
    ).fit(texts, labels, groups=groups)

    def largest(model, function):
        return max(
            abs(w)
            for t, w in model.token_weights_.items()
            if is_stop_term(t, FUNCTION_WORDS) == function
        )

    assert largest(free, True) > 0.05  # without the cap they grow past it...
    assert largest(capped, True) <= 0.05  # ...with it they cannot
    assert largest(capped, False) > 0.05  # other words keep the ordinary cap
    capped.save(tmp_path / "c.json")
    assert load_model(tmp_path / "c.json").function_word_cap == 0.05
    free.save(tmp_path / "f.json")  # no cap: the file does not name one
    assert "function_word_cap" not in json.loads((tmp_path / "f.json").read_text())["params"]
    for bad in (-1.0, float("nan"), True):
        with pytest.raises(ValueError, match="function_word_cap"):
            AdClassifier(function_word_cap=bad).fit(texts, labels)


def test_the_previous_shipped_model_file_still_loads_and_scores_as_documented():
    # adscreen-model-v1.json (model 1.1.0, format 2), shipped until model 2.0.0. Its card
    # documented "Accountant needed in Lahore, send your CV" at 0.81.
    from pathlib import Path

    old = load_model(Path(__file__).parent / "fixtures" / "model-v1.1.0-format2.json")
    assert old.training_["model_version"] == "1.1.0" and old.flags_only_ is None
    result = screen_text("Accountant needed in Lahore, send your CV", model=old)
    assert result.score == pytest.approx(0.8063, abs=1e-4)
    assert result.basis == "words+flags" and result.reasons["words"]
    arabic = screen_text("مطلوب سائق للعمل في الرياض", model=old)
    assert arabic.basis == "words+flags"  # a format-2 model reads every language, as before
