"""Evaluation helpers: near-duplicate groups for honest splits, and the metrics we report.

Job-ad corpora repeat themselves (one scam posted fifty times with a new city). A random
train/validation split puts siblings on both sides and inflates every score, so folds are
made from near-duplicate groups: ads whose word 5-shingle MinHash Jaccard is ≥ 0.5 (LSH)
are joined, transitively, into one group.

Used by ``adscreen train``/``eval`` and the training of the shipped model; needs
datasketch and scikit-learn (training-time dependencies).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adscreen.normalize import normalize

__all__ = ["near_duplicate_groups", "binary_metrics", "operating_points", "flag_report"]


def near_duplicate_groups(
    texts: Sequence[str], *, threshold: float = 0.5, num_perm: int = 64, seed: int = 1
) -> list[int]:
    """Group id per text; texts that are near-duplicates (directly or through others) share one.

    Examples
    --------
    >>> a = "driver needed in dubai with free visa and ticket call now " * 3
    >>> near_duplicate_groups([a, a + "today", "accountant for audit firm in lahore"])
    [0, 0, 2]
    """
    from datasketch import MinHash, MinHashLSH

    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    for i, text in enumerate(texts):
        words = normalize(text).lower().split()
        shingles = {" ".join(words[j : j + 5]) for j in range(max(1, len(words) - 4))}
        mh = MinHash(num_perm=num_perm, seed=seed)
        mh.update_batch([s.encode("utf-8") for s in shingles])
        for other in lsh.query(mh):
            ri, ro = find(i), find(other)
            if ri != ro:
                parent[max(ri, ro)] = min(ri, ro)
        lsh.insert(i, mh)
    return [find(i) for i in range(len(texts))]


def binary_metrics(
    y_true: Sequence[int], proba: Sequence[float], *, threshold: float
) -> dict[str, Any]:
    """Precision, recall, F1 (deceptive class), ROC-AUC, PR-AUC and the confusion matrix."""
    import numpy as np
    from sklearn.metrics import (
        average_precision_score,
        confusion_matrix,
        f1_score,
        precision_score,
        recall_score,
        roc_auc_score,
    )

    y = np.asarray(y_true, dtype=int)
    p = np.asarray(proba, dtype=float)
    pred = (p >= threshold).astype(int)
    both = len(np.unique(y)) == 2
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    return {
        "n": int(len(y)),
        "positives": int(y.sum()),
        "threshold": threshold,
        "precision": round(float(precision_score(y, pred, zero_division=0)), 4),
        "recall": round(float(recall_score(y, pred, zero_division=0)), 4),
        "f1": round(float(f1_score(y, pred, zero_division=0)), 4),
        "roc_auc": round(float(roc_auc_score(y, p)), 4) if both else None,
        "pr_auc": round(float(average_precision_score(y, p)), 4) if both else None,
        "false_positive_rate": round(float(fp / (fp + tn)), 4) if fp + tn else None,
        "confusion_matrix": {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)},
    }


def operating_points(
    y_true: Sequence[int], proba: Sequence[float], *, max_fprs: Sequence[float] = (0.01, 0.05, 0.1)
) -> list[dict[str, Any]]:
    """For each false-positive-rate budget: the lowest threshold (4 decimals) that keeps the
    rate of legitimate ads scored at or above it within budget, and what it catches.

    The shipped threshold is 0.5; a deployment that must flag few legitimate ads reads its
    threshold off this table (on its own labelled ads, ideally).

    Examples
    --------
    >>> operating_points([0, 0, 0, 0, 1, 1], [0.1, 0.2, 0.3, 0.9, 0.8, 0.95], max_fprs=[0.25, 0])
    [{'max_fpr': 0.25, 'threshold': 0.3001, 'recall': 1.0, 'precision': 0.6667, 'false_positive_rate': 0.25}, {'max_fpr': 0, 'threshold': 0.9001, 'recall': 0.5, 'precision': 1.0, 'false_positive_rate': 0.0}]
    """
    import math

    import numpy as np

    y = np.asarray(y_true, dtype=int)
    p = np.asarray(proba, dtype=float)
    legit = np.sort(p[y == 0])[::-1]
    if len(legit) == 0 or not (y == 1).any():
        return []
    points = []
    for max_fpr in max_fprs:
        allowed = math.floor(max_fpr * len(legit) + 1e-9)
        if allowed >= len(legit):
            threshold = 0.0
        else:
            # Just above the highest legitimate score that must stay below the threshold,
            # rounded up so that the printed threshold itself keeps the budget.
            threshold = math.floor(legit[allowed] * 1e4) / 1e4
            while threshold <= legit[allowed]:
                threshold = round(threshold + 1e-4, 4)
        flagged = p >= threshold
        tp = int((flagged & (y == 1)).sum())
        fp = int((flagged & (y == 0)).sum())
        points.append(
            {
                "max_fpr": max_fpr,
                "threshold": threshold,
                "recall": round(tp / int((y == 1).sum()), 4),
                "precision": round(tp / (tp + fp), 4) if tp + fp else None,
                "false_positive_rate": round(fp / len(legit), 4),
            }
        )
    return points


def flag_report(
    flag_ids: Sequence[Sequence[str]],
    y_true: Sequence[int],
    contributions: Sequence[dict[str, float]],
) -> list[dict[str, Any]]:
    """Per red flag: how often it fired on each class, its precision, and its mean contribution.

    ``contributions`` holds per ad the log-odds each flag added (see ``adscreen eval``).
    """
    stats: dict[str, dict[str, float]] = {}
    for flags, y, contrib in zip(flag_ids, y_true, contributions, strict=True):
        for rule_id in flags:
            s = stats.setdefault(rule_id, {"deceptive": 0, "legitimate": 0, "contribution": 0.0})
            s["deceptive" if y else "legitimate"] += 1
            s["contribution"] += contrib.get(rule_id, 0.0)
    report = []
    for rule_id, s in sorted(
        stats.items(), key=lambda kv: -(kv[1]["deceptive"] + kv[1]["legitimate"])
    ):
        fired = s["deceptive"] + s["legitimate"]
        report.append(
            {
                "rule_id": rule_id,
                "fired_deceptive": int(s["deceptive"]),
                "fired_legitimate": int(s["legitimate"]),
                "precision": round(s["deceptive"] / fired, 4),
                "mean_logodds_contribution": round(s["contribution"] / fired, 4),
            }
        )
    return report
