"""Operating points: the threshold that keeps false positives within a budget."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from adscreen.evaluate import operating_points


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
