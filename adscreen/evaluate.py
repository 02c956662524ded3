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


# -- validation by source -------------------------------------------------------------------
# A model that learned one source's era and style looks fine on held-out ads of that same
# source and fails on the next. These helpers measure that: each source is scored by a
# model trained without it (leave-one-source-out), and results are reported per source.


def source_weights(
    sources: Sequence[str],
    labels: Sequence[int],
    *,
    power: float = 0.5,
    boost: dict[str, float] | None = None,
) -> list[float]:
    """Per-ad training weights so that no source dominates by size alone.

    Each (source, class) gets total weight ``n ** power`` (0: every source counts the same,
    1: every ad counts the same), times ``boost[source]`` when given; the mean weight is 1.
    Classes are not balanced against each other: a source with both classes keeps its own
    balance, so the model learns what separates that source's scams from that source's
    legitimate ads rather than which source an ad comes from. A boost multiplies both
    classes of a source alike, for the same reason: it says how much that source's
    *contrast* counts (model 2.1.0 boosts EMSCAD, the only source of job-board scams, whose
    contrast √n weighting left too faint), never that the source is riskier.

    Examples
    --------
    >>> w = source_weights(["a", "a", "a", "a", "b", "c"], [0, 0, 0, 0, 0, 1], power=0.5)
    >>> [round(x, 3) for x in w]
    [0.75, 0.75, 0.75, 0.75, 1.5, 1.5]
    >>> w = source_weights(["a", "a", "b"], [0, 1, 0], power=1.0, boost={"a": 2.0})
    >>> [round(x, 3) for x in w]
    [1.2, 1.2, 0.6]
    """
    from collections import Counter

    boost = boost or {}
    if any(not (f > 0 and f < float("inf")) for f in boost.values()):
        raise ValueError("every source boost must be a finite number > 0")
    count = Counter(zip(sources, labels, strict=True))
    raw = [
        count[(s, y)] ** power / count[(s, y)] * boost.get(s, 1.0)
        for s, y in zip(sources, labels, strict=True)
    ]
    mean = sum(raw) / len(raw)
    return [w / mean for w in raw]


def source_table(
    sources: Sequence[str],
    labels: Sequence[int],
    proba: Sequence[float],
    *,
    threshold: float,
) -> list[dict[str, Any]]:
    """Per source: ads of each class, the share of legitimate ads at or above ``threshold``
    (false-positive rate), the share of deceptive ads there (recall), ROC-AUC when the
    source has both classes."""
    from collections import defaultdict

    from sklearn.metrics import roc_auc_score

    by_source: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for s, y, p in zip(sources, labels, proba, strict=True):
        by_source[s].append((int(y), float(p)))
    table = []
    for source in sorted(by_source):
        rows = by_source[source]
        legit = [p for y, p in rows if y == 0]
        scam = [p for y, p in rows if y == 1]
        table.append(
            {
                "source": source,
                "legitimate": len(legit),
                "deceptive": len(scam),
                "false_positive_rate": (
                    round(sum(p >= threshold for p in legit) / len(legit), 4) if legit else None
                ),
                "recall": round(sum(p >= threshold for p in scam) / len(scam), 4) if scam else None,
                "roc_auc": (
                    round(float(roc_auc_score([y for y, _ in rows], [p for _, p in rows])), 4)
                    if legit and scam
                    else None
                ),
            }
        )
    return table


def format_source_table(table: Sequence[dict[str, Any]]) -> str:
    """The table of :func:`source_table` as aligned text."""
    lines = [f"  {'source':34s} {'legit':>6s} {'scam':>6s} {'FPR':>7s} {'recall':>7s} {'AUC':>6s}"]
    for row in table:
        fpr, rec, auc = row["false_positive_rate"], row["recall"], row["roc_auc"]
        lines.append(
            f"  {row['source'][:34]:34s} {row['legitimate']:6d} {row['deceptive']:6d}"
            f" {'-' if fpr is None else f'{fpr:.1%}':>7s} {'-' if rec is None else f'{rec:.1%}':>7s}"
            f" {'-' if auc is None else f'{auc:.3f}':>6s}"
        )
    return "\n".join(lines)


def pick_threshold(
    sources: Sequence[str],
    labels: Sequence[int],
    proba: Sequence[float],
    *,
    max_source_fpr: float,
    max_pooled_fpr: float,
    legit_sources: Sequence[str],
    grid: Sequence[float] | None = None,
) -> tuple[float, list[str]]:
    """The lowest threshold (on a 0.005 grid from 0.5) at which every source in
    ``legit_sources`` has at most ``max_source_fpr`` of its legitimate ads at or above it,
    and all of them together at most ``max_pooled_fpr``; and the sources left out of the
    per-source cap because no threshold on the grid meets it for them (they still count in
    the pooled rate, and must be reported: the model fails on them).

    Examples
    --------
    >>> pick_threshold(["a"] * 4 + ["b"] * 2, [0, 0, 0, 0, 0, 1], [.1, .2, .6, .7, .3, .9],
    ...                max_source_fpr=0.25, max_pooled_fpr=0.5, legit_sources=["a", "b"])
    (0.605, [])
    >>> pick_threshold(["a"] * 4 + ["b"] * 2, [0, 0, 0, 0, 0, 0], [.1, .2, .3, .4, 1, 1],
    ...                max_source_fpr=0.25, max_pooled_fpr=0.5, legit_sources=["a", "b"])
    (0.5, ['b'])
    """
    import numpy as np

    wanted = set(legit_sources)
    src = np.asarray(sources)
    mask = np.isin(src, list(wanted)) & (np.asarray(labels) == 0)
    p, s = np.asarray(proba, dtype=float)[mask], src[mask]
    steps = grid if grid is not None else np.round(np.arange(0.5, 0.9951, 0.005), 3)
    last = float(steps[-1])
    hopeless = sorted(str(n) for n in set(s) if (p[s == n] >= last).mean() > max_source_fpr)
    capped = [name for name in sorted(set(s)) if name not in hopeless]
    for t in steps:
        high = p >= t
        if high.mean() > max_pooled_fpr:
            continue
        if all(high[s == name].mean() <= max_source_fpr for name in capped):
            return float(t), hopeless
    return last, hopeless
