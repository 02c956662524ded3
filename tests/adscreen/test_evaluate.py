"""Operating points: the threshold that keeps false positives within a budget."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adscreen.evaluate import (
    format_source_table,
    operating_points,
    pick_threshold,
    source_table,
    source_weights,
)


def rate(labels, scores, threshold, cls):
    chosen = [s >= threshold for y, s in zip(labels, scores, strict=True) if y == cls]
    return sum(chosen) / len(chosen)


@settings(max_examples=200, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.integers(0, 1), st.floats(0, 1).map(lambda x: round(x, 3))),
        min_size=2,
        max_size=60,
    ),
    budget=st.sampled_from([0.0, 0.01, 0.05, 0.1, 0.3, 1.0]),
)
def test_threshold_keeps_the_budget_and_is_the_lowest_that_does(data, budget):
    labels = [y for y, _ in data]
    scores = [s for _, s in data]
    points = operating_points(labels, scores, max_fprs=[budget])
    if 0 not in labels or 1 not in labels:
        assert points == []
        return
    (point,) = points
    t = point["threshold"]
    assert point["false_positive_rate"] == round(rate(labels, scores, t, 0), 4) <= budget
    assert point["recall"] == round(rate(labels, scores, t, 1), 4)
    if t > 0:  # one step lower would flag too many legitimate ads
        assert rate(labels, scores, round(t - 1e-4, 4), 0) > budget


def test_a_separable_set_keeps_all_recall_at_zero_false_positives():
    labels = np.array([0] * 50 + [1] * 50)
    scores = np.concatenate([np.linspace(0.0, 0.4, 50), np.linspace(0.6, 1.0, 50)])
    (point,) = operating_points(labels, scores, max_fprs=[0.0])
    assert point == {
        "max_fpr": 0.0,
        "threshold": 0.4001,
        "recall": 1.0,
        "precision": 1.0,
        "false_positive_rate": 0.0,
    }


def test_source_weights_damp_large_sources():
    sources = ["big"] * 90 + ["small"] * 10 + ["scam"] * 20
    labels = [0] * 100 + [1] * 20
    w = source_weights(sources, labels, power=0.5)
    assert sum(w) == pytest.approx(len(w))
    # big weighs sqrt(90) : sqrt(10) against small, not 90 : 10
    assert sum(w[:90]) / sum(w[90:100]) == pytest.approx(3.0)
    assert sum(w[:90]) / sum(w[100:]) == pytest.approx(90**0.5 / 20**0.5)
    every_ad = source_weights(sources, labels, power=1.0)  # every ad the same
    assert every_ad == pytest.approx([1.0] * 120)


def test_a_source_boost_scales_both_classes_of_that_source_alike():
    sources = ["mixed"] * 4 + ["legit"] * 4 + ["scam"] * 2
    labels = [0, 0, 1, 1] + [0] * 4 + [1] * 2
    plain = source_weights(sources, labels, power=0.5)
    boosted = source_weights(sources, labels, power=0.5, boost={"mixed": 4.0})
    assert sum(boosted) == pytest.approx(len(boosted))
    # the boosted source counts 4 times as much against every other source...
    ratio = lambda w: sum(w[:4]) / sum(w[4:])  # noqa: E731
    assert ratio(boosted) == pytest.approx(4 * ratio(plain))
    # ...and keeps its own balance of the classes (a boost never says "riskier")
    assert sum(boosted[:2]) == pytest.approx(sum(boosted[2:4]))
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="boost"):
            source_weights(sources, labels, boost={"mixed": bad})


def test_source_table_reports_fpr_recall_and_auc_per_source():
    table = source_table(
        ["a", "a", "a", "a", "b", "b"],
        [0, 0, 1, 1, 0, 0],
        [0.1, 0.9, 0.8, 0.2, 0.6, 0.4],
        threshold=0.5,
    )
    assert table == [
        {
            "source": "a",
            "legitimate": 2,
            "deceptive": 2,
            "false_positive_rate": 0.5,
            "recall": 0.5,
            "roc_auc": 0.5,
        },
        {
            "source": "b",
            "legitimate": 2,
            "deceptive": 0,
            "false_positive_rate": 0.5,
            "recall": None,
            "roc_auc": None,
        },
    ]
    assert "b " in format_source_table(table)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("abc"), st.floats(0, 1)), min_size=1, max_size=40),
    st.sampled_from([0.0, 0.05, 0.2, 0.5]),
)
def test_picked_threshold_keeps_every_source_within_budget(rows, budget):
    sources = [s for s, _ in rows]
    scores = [p for _, p in rows]
    labels = [0] * len(rows)
    t, hopeless = pick_threshold(
        sources,
        labels,
        scores,
        max_source_fpr=budget,
        max_pooled_fpr=1.0,
        legit_sources=["a", "b", "c"],
    )
    capped = set(sources) - set(hopeless)
    for name in set(sources):
        legit = [p for s, p in rows if s == name]
        at_top = sum(p >= 0.995 for p in legit) / len(legit)
        assert (name in hopeless) == (at_top > budget)  # only sources no threshold rescues
        if name in capped:
            assert sum(p >= t for p in legit) / len(legit) <= budget
    lower = round(t - 0.005, 3)
    if lower >= 0.5:  # one grid step lower breaks some budget
        assert any(
            sum(p >= lower for s, p in rows if s == name) / sources.count(name) > budget
            for name in capped
        )


def test_leave_one_source_out_never_scores_an_ad_with_a_model_that_saw_its_source():
    from adscreen.classify import AdClassifier, prepare
    from adscreen.synthetic import generate

    ads = list(generate(120, seed=2))
    texts = [a["text"] for a in ads]
    labels = [a["label"] for a in ads]
    sources = [a["lang"] for a in ads]  # three "sources": en, ur, roman-ur
    prepared = [prepare(t)[0] for t in texts]
    clf = AdClassifier(n_splits=2, max_iter=100).fit(texts, labels, prepared=prepared)
    loso = clf.leave_one_source_out(prepared, labels, sources)
    # the same as fitting without the source by hand
    held = [i for i, s in enumerate(sources) if s == "ur"]
    rest = [i for i, s in enumerate(sources) if s != "ur"]
    alone = AdClassifier(n_splits=2, max_iter=100).fit(
        [texts[i] for i in rest], [labels[i] for i in rest], prepared=[prepared[i] for i in rest]
    )
    alone.calibration_ = clf.calibration_
    assert [loso[i] for i in held] == pytest.approx(
        [alone.score_prepared(prepared[i]) for i in held]
    )
    assert not np.allclose(loso, clf.predict_proba(texts)[:, 1])
