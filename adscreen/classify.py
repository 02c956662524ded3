"""The ad classifier: a bounded logistic model over words and red flags, Platt-calibrated.

It follows scikit-learn's estimator contract without depending on scikit-learn at run
time: parameters are set in the constructor and only stored there, ``fit`` validates them
and learns attributes ending in ``_``, ``predict_proba`` returns an ``(n, 2)`` array, and
``get_params``/``set_params`` work. Training needs numpy and scipy (both come with
scikit-learn); inference needs only the standard library.

**No score rests on one word.** Training is a box-constrained fit (L-BFGS-B): every word or
bigram weight lies in ``[-token_cap, token_cap]`` and counts ``1/sqrt(n)`` in an ad with
``n`` distinct terms, and the strongest red flag alone has its coefficient capped at
``flag_cap``; only *corroborating* flags (a second, third... flag) can add more. The tests
check that any single trigger phrase added to a neutral ad leaves it below the threshold.

Models are saved as versioned JSON (``{"format": 1, ...}`` or ``2``), never pickle;
:func:`load_model` has one loader per format version.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from adscreen.entities import Entities, extract
from adscreen.features import (
    DENSE_FEATURES,
    TOKENIZER,
    dense_features,
    text_features,
    word_table,
)
from adscreen.normalize import normalize
from adscreen.rules import Flag, RuleSet, default_rules

__all__ = [
    "AdClassifier",
    "ModelFormatError",
    "load_model",
    "default_model",
    "DEFAULT_MODEL_FILE",
    "MODEL_FORMAT",
]

#: The newest model format this adscreen writes and reads. Format 2 is format 1 plus the
#: ``min_terms`` parameter (text features scaled by 1/sqrt(max(n, min_terms))).
MODEL_FORMAT = 2
DEFAULT_MODEL_FILE = "adscreen-model-v1.json"

# Sign and size limits on the dense coefficients (see features.py). The strongest flag
# alone may add at most flag_cap; licence numbers may lower the score but not raise it.
_DENSE_BOUNDS = {
    "rules:strongest": (0.0, None),  # upper bound is the flag_cap parameter
    "rules:corroboration": (0.0, 4.0),
    "rules:categories": (0.0, 2.0),
    "entity:licence": (-1.5, 0.0),
    "entity:whatsapp-link": (0.0, 1.0),
    "entity:foreign-phone": (-1.0, 1.0),
}


class ModelFormatError(ValueError):
    """A model file is not a format this version of adscreen can read."""


@dataclass(slots=True)
class Prepared:
    """An ad reduced to what the classifier reads; the pipeline builds it once per ad."""

    features: set[str]
    dense: list[float]


def prepare(text: str, *, rules: RuleSet | None = None) -> tuple[Prepared, list[Flag], Entities]:
    """Normalise an ad and compute its features, flags and entities in one go."""
    norm = normalize(text)
    flags = (rules or default_rules()).match(norm)
    entities = extract(norm, normalized=True)
    return Prepared(text_features(norm.lower()), dense_features(flags, entities)), flags, entities


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class AdClassifier:
    """Scores job-ad text for deceptive-recruitment risk.

    Parameters
    ----------
    threshold : float, default=0.5
        Calibrated probability at or above which an ad is predicted deceptive (band "high").
    medium : float, default=0.3
        Lower edge of the "medium" band.
    min_df : int, default=2
        Keep words/bigrams seen in at least this many training ads.
    max_features : int, default=40000
        Keep at most this many words/bigrams (the most frequent).
    alpha : float, default=1e-4
        L2 regularisation strength.
    token_cap : float, default=3.0
        Largest absolute weight of any single word or bigram.
    flag_cap : float, default=0.5
        Largest contribution of the strongest red flag on its own (before calibration).
    n_splits : int, default=5
        Grouped folds used to produce the out-of-fold scores the calibration is fitted on.
    max_iter : int, default=300
        L-BFGS-B iterations.
    min_terms : int, default=1
        Text features are scaled by ``1/sqrt(max(n, min_terms))`` for an ad with ``n``
        distinct words/bigrams. Above 1, the words of a short post count for less, so a
        handful of words cannot carry its score (1 is the format-1 behaviour).

    Examples
    --------
    >>> clf = AdClassifier(min_df=1, n_splits=2)
    >>> texts = ["azad visa no interview pay advance fee whatsapp only"] * 4 + [
    ...     "accountant with five years of audit experience, apply with CV"] * 4
    >>> clf = clf.fit(texts, [1, 1, 1, 1, 0, 0, 0, 0], groups=[0, 1, 0, 1, 2, 3, 2, 3])
    >>> bool(clf.predict_proba(["advance fee and azad visa, no interview"])[0][1] > 0.5)
    True
    """

    def __init__(
        self,
        threshold: float = 0.5,
        medium: float = 0.3,
        min_df: int = 2,
        max_features: int = 40000,
        alpha: float = 1e-4,
        token_cap: float = 3.0,
        flag_cap: float = 0.5,
        n_splits: int = 5,
        max_iter: int = 300,
        min_terms: int = 1,
    ):
        self.threshold = threshold
        self.medium = medium
        self.min_df = min_df
        self.max_features = max_features
        self.alpha = alpha
        self.token_cap = token_cap
        self.flag_cap = flag_cap
        self.n_splits = n_splits
        self.max_iter = max_iter
        self.min_terms = min_terms

    # -- scikit-learn contract -------------------------------------------------------------
    _PARAMS = (
        "threshold",
        "medium",
        "min_df",
        "max_features",
        "alpha",
        "token_cap",
        "flag_cap",
        "n_splits",
        "max_iter",
        "min_terms",
    )

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._PARAMS}

    def set_params(self, **params: Any) -> AdClassifier:
        for name, value in params.items():
            if name not in self._PARAMS:
                raise ValueError(f"unknown parameter {name!r}")
            setattr(self, name, value)
        return self

    def _validate(self) -> None:
        if not 0 < self.medium < self.threshold < 1:
            raise ValueError("need 0 < medium < threshold < 1")
        if self.min_df < 1 or self.max_features < 1 or self.n_splits < 2:
            raise ValueError("min_df, max_features must be >= 1 and n_splits >= 2")
        if self.min_terms < 1:
            raise ValueError("min_terms must be >= 1")
        if self.alpha < 0 or self.token_cap <= 0 or self.flag_cap < 0:
            raise ValueError("alpha, flag_cap must be >= 0 and token_cap > 0")

    # -- training ----------------------------------------------------------------------------
    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[int],
        *,
        groups: Sequence[Any] | None = None,
        rules: RuleSet | None = None,
        prepared: Sequence[Prepared] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> AdClassifier:
        """Learn weights, then calibrate on grouped out-of-fold scores.

        Parameters
        ----------
        texts : sequence of str
            Raw ad texts (ignored when ``prepared`` is given).
        labels : sequence of {0, 1}
            1 = deceptive.
        groups : sequence, optional
            Near-duplicate group of each ad; folds never split a group. Default: each ad
            its own group (only honest when the data has no near-duplicates).
        rules : RuleSet, optional
            Red-flag rules (default: the shipped ones). Their version is saved with the model.
        prepared : sequence of Prepared, optional
            Pre-computed features, to avoid recomputing them across experiments.
        metadata : dict, optional
            Stored under ``training`` in the saved model (data sources, licences, metrics).
        """
        import numpy as np

        self._validate()
        rules = rules or default_rules()
        y = np.asarray(labels, dtype=float)
        if set(np.unique(y)) - {0.0, 1.0} or len(np.unique(y)) != 2:
            raise ValueError("labels must contain both 0 and 1 and nothing else")
        if prepared is None:
            prepared = [prepare(t, rules=rules)[0] for t in texts]
        if len(prepared) != len(y):
            raise ValueError("texts and labels differ in length")
        groups_arr = np.asarray(groups if groups is not None else np.arange(len(y)))

        from sklearn.model_selection import GroupKFold

        oof = np.zeros(len(y))
        n_splits = min(self.n_splits, len(np.unique(groups_arr)))
        for train_idx, test_idx in GroupKFold(n_splits=n_splits).split(oof, y, groups_arr):
            weights, dense, intercept = self._fit_weights(
                [prepared[i] for i in train_idx], y[train_idx]
            )
            oof[test_idx] = [
                _decision(prepared[i], weights, dense, intercept, self.min_terms) for i in test_idx
            ]
        self.token_weights_, self.dense_weights_, self.intercept_ = self._fit_weights(prepared, y)
        self.calibration_ = _fit_platt(oof, y)
        self.oof_decision_ = oof
        self.oof_proba_ = np.array([self._calibrate(z) for z in oof])
        self.rules_version_ = rules.version
        self.training_ = dict(metadata or {})
        self.training_.setdefault("n_ads", int(len(y)))
        self.training_.setdefault("n_deceptive", int(y.sum()))
        self.training_.setdefault("date", _dt.date.today().isoformat())
        return self

    def _fit_weights(
        self, prepared: Sequence[Prepared], y: Any
    ) -> tuple[dict[str, float], list[float], float]:
        import numpy as np
        from scipy import sparse
        from scipy.optimize import minimize

        df = Counter(f for p in prepared for f in p.features)
        kept = [f for f, c in df.most_common(self.max_features) if c >= self.min_df]
        index = {f: i for i, f in enumerate(sorted(kept))}
        n_text, n_dense = len(index), len(DENSE_FEATURES)
        rows, cols, vals = [], [], []
        for r, p in enumerate(prepared):
            scale = _scale(len(p.features), self.min_terms)
            for f in p.features:
                c = index.get(f)
                if c is not None:
                    rows.append(r)
                    cols.append(c)
                    vals.append(scale)
            for j, v in enumerate(p.dense):
                if v:
                    rows.append(r)
                    cols.append(n_text + j)
                    vals.append(v)
        X = sparse.csr_matrix((vals, (rows, cols)), shape=(len(prepared), n_text + n_dense))
        n = X.shape[0]
        alpha = self.alpha

        def loss(params: Any) -> tuple[float, Any]:
            w, b = params[:-1], params[-1]
            z = X @ w + b
            # log(1 + e^z) - y z, computed stably
            value = np.sum(np.logaddexp(0.0, z) - y * z) / n + 0.5 * alpha * w.dot(w)
            err = (1.0 / (1.0 + np.exp(-z)) - y) / n
            grad = np.empty_like(params)
            grad[:-1] = X.T @ err + alpha * w
            grad[-1] = err.sum()
            return value, grad

        bounds = [(-self.token_cap, self.token_cap)] * n_text
        for name in DENSE_FEATURES:
            low, high = _DENSE_BOUNDS[name]
            bounds.append((low, self.flag_cap if name == "rules:strongest" else high))
        bounds.append((None, None))
        result = minimize(
            loss,
            np.zeros(n_text + n_dense + 1),
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            options={"maxiter": self.max_iter},
        )
        params = result.x
        words = sorted(index)
        weights = {
            f: round(float(params[i]), 5) for i, f in enumerate(words) if abs(params[i]) >= 1e-4
        }
        dense = [round(float(v), 5) for v in params[n_text:-1]]
        return weights, dense, round(float(params[-1]), 5)

    # -- inference ---------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "token_weights_"):
            raise RuntimeError("this AdClassifier is not fitted yet: call fit() or load_model()")

    def _calibrate(self, z: float) -> float:
        a, b = self.calibration_
        return _sigmoid(a * z + b)

    def decision(self, prepared: Prepared) -> float:
        """Uncalibrated score (log-odds scale) of one prepared ad."""
        return _decision(
            prepared, self.token_weights_, self.dense_weights_, self.intercept_, self.min_terms
        )

    def score_prepared(self, prepared: Prepared) -> float:
        """Calibrated probability that one prepared ad is deceptive."""
        return self._calibrate(self.decision(prepared))

    def score_lowered(self, lowered: str, dense: list[float]) -> float:
        """``score_prepared(Prepared(text_features(lowered), dense))``, without building the
        features when the compiled word scorer is available (the screening hot path)."""
        table = self._word_table()
        scored = None if table is None else table.score(lowered)
        if scored is None:  # no C module, or text made to collide in its hash tables
            return self.score_prepared(Prepared(text_features(lowered), dense))
        total, n_terms = scored
        return self._calibrate(
            _combine(total, n_terms, dense, self.dense_weights_, self.intercept_, self.min_terms)
        )

    def _word_table(self) -> Any | None:
        # Built on first use and rebuilt when fit() or a loader puts new weights in place
        # (they replace token_weights_; the length check also catches most edits in place).
        weights = self.token_weights_
        cached = self.__dict__.get("_word_table_cache")
        if cached is None or cached[0] is not weights or cached[1] != len(weights):
            cached = self._word_table_cache = (weights, len(weights), word_table(weights))
        return cached[2]

    def __getstate__(self) -> dict[str, Any]:
        # The compiled table cannot be pickled; the copy builds its own on first use.
        state = self.__dict__.copy()
        state.pop("_word_table_cache", None)
        return state

    def band(self, score: float) -> str:
        """``high`` at or above the threshold, ``medium`` above ``medium``, else ``low``."""
        if score >= self.threshold:
            return "high"
        return "medium" if score >= self.medium else "low"

    def decision_function(self, texts: Iterable[str]) -> Any:
        import numpy as np

        self._check_fitted()
        return np.array([self.decision(prepare(t)[0]) for t in texts])

    def predict_proba(self, texts: Iterable[str]) -> Any:
        """Array of shape (n, 2): probability of legitimate, probability of deceptive."""
        import numpy as np

        self._check_fitted()
        p = np.array([self.score_prepared(prepare(t)[0]) for t in texts])
        return np.column_stack([1.0 - p, p])

    def predict(self, texts: Iterable[str]) -> Any:
        return (self.predict_proba(texts)[:, 1] >= self.threshold).astype(int)

    def contributions(self, prepared: Prepared, *, top: int = 5) -> dict[str, Any]:
        """Why an ad scored as it did: the words and flag summaries that moved it most.

        Values are on the log-odds scale before calibration (the calibration slope scales
        them all alike).
        """
        scale = _scale(len(prepared.features), self.min_terms)
        terms = sorted(
            (
                (f, self.token_weights_[f] * scale)
                for f in prepared.features & self.token_weights_.keys()
            ),
            key=lambda kv: -abs(kv[1]),
        )[:top]
        dense = {
            name: round(w * v, 4)
            for name, w, v in zip(DENSE_FEATURES, self.dense_weights_, prepared.dense, strict=True)
            if w * v
        }
        return {"terms": [[f, round(c, 4)] for f, c in terms], "summary": dense}

    def flag_contributions(self, flags: Sequence[Flag]) -> dict[str, float]:
        """Log-odds (before calibration) each flag added.

        The strongest flag of each category carries that category; the overall strongest
        at the capped 'strongest' rate, the others as corroboration; the bonus for extra
        categories is shared among them. Flags that repeat a category add 0.
        """
        if not flags:
            return {}
        w = dict(zip(DENSE_FEATURES, self.dense_weights_, strict=True))
        leaders: dict[str, Flag] = {}  # the strongest flag of each category carries it
        for f in flags:
            if f.category not in leaders or f.weight > leaders[f.category].weight:
                leaders[f.category] = f
        strongest = max(leaders.values(), key=lambda f: f.weight)
        bonus = w["rules:categories"] * min(len(leaders) - 1, 3) / len(leaders)
        out = {}
        for f in flags:
            if leaders[f.category] is not f:
                out[f.rule_id] = 0.0
                continue
            rate = w["rules:strongest"] if f is strongest else w["rules:corroboration"]
            out[f.rule_id] = round(f.weight * rate + bonus, 4)
        return out

    # -- persistence -------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The saved form. Format 1 unless ``min_terms`` > 1, which only format 2 can hold
        (so files that need no format-2 reader stay readable by older adscreen versions)."""
        self._check_fitted()
        params = self.get_params()
        if self.min_terms == 1:
            del params["min_terms"]
        return {
            "format": 1 if self.min_terms == 1 else MODEL_FORMAT,
            "kind": "adscreen.AdClassifier",
            "params": params,
            "rules_version": self.rules_version_,
            "features": {"tokenizer": TOKENIZER, "dense": list(DENSE_FEATURES)},
            "intercept": self.intercept_,
            "dense_weights": dict(zip(DENSE_FEATURES, self.dense_weights_, strict=True)),
            "calibration": {
                "method": "platt",
                "a": self.calibration_[0],
                "b": self.calibration_[1],
            },
            "training": self.training_,
            "token_weights": dict(sorted(self.token_weights_.items())),
        }

    def save(self, path: str | Path) -> None:
        """Write the model as JSON (UTF-8; Urdu kept readable)."""
        Path(path).write_text(
            json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n",
            encoding="utf-8",
        )


def _scale(n_terms: int, min_terms: int) -> float:
    """The value of each present text feature: 1/sqrt(max(n_terms, min_terms)), 0 for none."""
    return 1.0 / math.sqrt(max(n_terms, min_terms)) if n_terms else 0.0


def _decision(
    prepared: Prepared,
    weights: dict[str, float],
    dense: list[float],
    intercept: float,
    min_terms: int = 1,
) -> float:
    feats = prepared.features
    # dict.get gives None for unknown terms; filter drops them, all in C.
    total = sum(filter(None, map(weights.get, feats))) if feats else 0.0
    return _combine(total, len(feats), prepared.dense, dense, intercept, min_terms)


def _combine(
    text_total: float,
    n_terms: int,
    dense_values: list[float],
    dense_weights: list[float],
    intercept: float,
    min_terms: int,
) -> float:
    """Log-odds from the summed weights of an ad's ``n_terms`` text features and its dense
    feature values."""
    z = intercept + text_total * _scale(n_terms, min_terms)
    for w, v in zip(dense_weights, dense_values, strict=True):
        z += w * v
    return z


def _fit_platt(z: Any, y: Any) -> tuple[float, float]:
    """Platt scaling: p = sigmoid(a*z + b) fitted by maximum likelihood on (z, y)."""
    import numpy as np
    from scipy.optimize import minimize

    # Platt's smoothed targets keep a and b finite when the scores separate perfectly.
    n_pos, n_neg = y.sum(), len(y) - y.sum()
    t = np.where(y > 0, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))

    def loss(ab: Any) -> tuple[float, Any]:
        s = ab[0] * z + ab[1]
        p = 1.0 / (1.0 + np.exp(-s))
        value = np.sum(np.logaddexp(0.0, s) - t * s)
        return value, np.array([np.sum((p - t) * z), np.sum(p - t)])

    result = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B")
    return round(float(result.x[0]), 6), round(float(result.x[1]), 6)


def _load_format_1(doc: dict[str, Any]) -> AdClassifier:
    if "min_terms" in doc.get("params", {}):
        raise ModelFormatError("format 1 has no 'min_terms' (that is format 2)")
    return _load_common(doc)


def _load_format_2(doc: dict[str, Any]) -> AdClassifier:
    min_terms = doc["params"]["min_terms"]
    if not isinstance(min_terms, int) or isinstance(min_terms, bool) or min_terms < 1:
        raise ModelFormatError(f"params.min_terms must be an integer >= 1, not {min_terms!r}")
    return _load_common(doc)


def _load_common(doc: dict[str, Any]) -> AdClassifier:
    if doc.get("kind") != "adscreen.AdClassifier":
        raise ModelFormatError(f"not an adscreen model: kind={doc.get('kind')!r}")
    if doc["features"]["tokenizer"] != TOKENIZER:
        raise ModelFormatError(
            f"model tokenizer {doc['features']['tokenizer']!r} is not this adscreen's {TOKENIZER!r}"
        )
    if list(doc["features"]["dense"]) != list(DENSE_FEATURES):
        raise ModelFormatError("model's dense features differ from this adscreen's")
    clf = AdClassifier(**doc["params"])
    # Checked now, or a threshold of "0.5" would fail on the first ad screened.
    clf._validate()
    clf.token_weights_ = {str(k): float(v) for k, v in doc["token_weights"].items()}
    clf.dense_weights_ = [float(doc["dense_weights"][name]) for name in DENSE_FEATURES]
    clf.intercept_ = float(doc["intercept"])
    clf.calibration_ = (float(doc["calibration"]["a"]), float(doc["calibration"]["b"]))
    numbers = [*clf.token_weights_.values(), *clf.dense_weights_, clf.intercept_]
    numbers += clf.calibration_
    if not all(map(math.isfinite, numbers)) or max(map(abs, numbers)) > _MAX_WEIGHT:
        # A NaN, or a sum that overflows, would make every score NaN: not JSON when written.
        raise ModelFormatError(
            f"weights, intercept and calibration must be finite, at most {_MAX_WEIGHT:g} in size"
        )
    clf.rules_version_ = int(doc["rules_version"])
    clf.training_ = dict(doc.get("training", {}))
    return clf


_LOADERS = {1: _load_format_1, 2: _load_format_2}
# Trained weights are a few units (see token_cap and _DENSE_BOUNDS); this bound only keeps
# every sum an ad can make, on a million words, far from overflowing a float.
_MAX_WEIGHT = 1e6


def load_model(path: str | Path) -> AdClassifier:
    """Load a saved model, dispatching on its ``format`` number.

    Raises
    ------
    ModelFormatError
        If the file is not JSON, not an adscreen model, or of an unknown format version.
    """
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelFormatError(f"{path}: not JSON ({exc.msg})") from exc
    except ValueError as exc:  # not UTF-8, or a number longer than int() reads
        raise ModelFormatError(f"{path}: not a model ({str(exc).partition(';')[0]})") from exc
    except RecursionError as exc:
        raise ModelFormatError(f"{path}: not a model (JSON nested too deeply)") from exc
    found = doc.get("format") if isinstance(doc, dict) else None
    # Only an int can name a loader (a list in "format" would make the look-up a TypeError,
    # and true would read as 1).
    loader = _LOADERS.get(found) if isinstance(found, int) and not isinstance(found, bool) else None
    if loader is None:
        raise ModelFormatError(f"{path}: unknown model format {found!r}; known: {sorted(_LOADERS)}")
    try:
        return loader(doc)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        if isinstance(exc, ModelFormatError):
            raise
        raise ModelFormatError(f"{path}: malformed model: {exc!r}") from exc


@lru_cache(maxsize=1)
def default_model() -> AdClassifier:
    """The model shipped in ``adscreen/models/`` (loaded once per process)."""
    with resources.as_file(resources.files("adscreen") / "models" / DEFAULT_MODEL_FILE) as path:
        return load_model(path)
