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

Models are saved as versioned JSON (``{"format": 1, ...}``, ``2`` or ``3``), never pickle;
:func:`load_model` has one loader per format version.

**No ad is risky for its language.** Format 3 keeps, beside the word model, a *flags-only*
model over the language-independent dense features (red flags, contacts, pay period,
destination). An ad whose language the words were not trained on (``text_languages``;
Arabic, ``other`` and ``und`` for the shipped model) is scored by that model alone, and
:meth:`AdClassifier.basis` says which one scored it.

Why one module of this size: the fit, the calibration, the scoring and the model file's
format are one estimator; the scorer must read exactly what the fit wrote, and keeping them
together is what keeps that true.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from adscreen.entities import Entities, extract
from adscreen.features import (
    DENSE_FEATURES,
    DENSE_FEATURES_V1,
    TOKENIZER,
    dense_features,
    is_stop_term,
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
#: ``min_terms`` parameter (text features scaled by 1/sqrt(max(n, min_terms))). Format 3
#: adds the content dense features, ``text_languages`` and the flags-only model.
MODEL_FORMAT = 3
#: Languages whose words a format-3 model reads unless told otherwise.
DEFAULT_TEXT_LANGUAGES = ("en", "ur", "roman-ur", "mixed")
#: What scored an ad: its words and its language-independent features, or the latter only.
BASIS_WORDS = "words+flags"
BASIS_FLAGS = "flags-only"
DEFAULT_MODEL_FILE = "adscreen-model-v2.json"

# Sign and size limits on the dense coefficients (see features.py). The strongest flag
# alone may add at most flag_cap; licence numbers may lower the score but not raise it.
_DENSE_BOUNDS = {
    "rules:strongest": (0.0, None),  # upper bound is the flag_cap parameter
    "rules:corroboration": (0.0, 4.0),
    "rules:categories": (0.0, 2.0),
    "entity:licence": (-1.5, 0.0),
    "entity:whatsapp-link": (0.0, 1.0),
    "entity:foreign-phone": (-1.0, 1.0),
    "content:chat-app-contact": (0.0, 1.5),
    "content:webmail": (0.0, 1.0),
    "content:pay-per-short-period": (0.0, 1.5),
    "content:destination-abroad": (-0.5, 0.5),
    "content:personal-contact-only": (0.0, 1.0),
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
    lowered = norm.lower()
    return (
        Prepared(text_features(lowered), dense_features(flags, entities, lowered)),
        flags,
        entities,
    )


@dataclass(slots=True)
class _Design:
    """Training matrices: scaled text features over all terms (names sorted), dense values."""

    text: Any
    names: Any
    dense: Any
    stop: Any


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
    stop_words : bool, default=False
        Give no weight to function words and training-set artefacts
        (:data:`adscreen.features.STOP_WORDS`): they tell the language, register and source
        of an ad, not what it offers.
    text_languages : tuple of str, default=("en", "ur", "roman-ur", "mixed")
        Languages (:func:`adscreen.langid.detect_language` codes) whose words the model
        reads; an ad in any other language is scored by the flags-only model.

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
        stop_words: bool = False,
        text_languages: Sequence[str] = DEFAULT_TEXT_LANGUAGES,
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
        self.stop_words = stop_words
        self.text_languages = text_languages

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
        "stop_words",
        "text_languages",
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
        languages = self.text_languages
        if isinstance(languages, str) or not all(isinstance(x, str) for x in languages):
            raise ValueError("text_languages must be a sequence of language codes")

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
        sample_weight: Sequence[float] | None = None,
        languages: Sequence[str] | None = None,
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
        sample_weight : sequence of float, optional
            Weight of each ad in the loss (e.g. to balance sources); default 1 each.
        languages : sequence of str, optional
            Language of each ad. Ads in a language outside ``text_languages`` train only
            the flags-only model (the word model will never read such ads).
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
        sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if sw.shape != y.shape or not np.all(np.isfinite(sw)) or (sw < 0).any():
            raise ValueError("sample_weight must hold one finite weight >= 0 per ad")

        from sklearn.model_selection import GroupKFold

        all_prepared, all_y, all_sw = prepared, y, sw
        if languages is not None:
            words = np.array([lang in self.text_languages for lang in languages])
            keep = np.flatnonzero(words)
            prepared = [prepared[i] for i in keep]
            y, sw, groups_arr = y[keep], sw[keep], groups_arr[keep]
        oof = np.zeros(len(y))
        n_splits = min(self.n_splits, len(np.unique(groups_arr)))
        design = self._design(prepared)
        for train_idx, test_idx in GroupKFold(n_splits=n_splits).split(oof, y, groups_arr):
            weights, dense, intercept = self._fit_weights(
                None, y[train_idx], sw[train_idx], design=design, rows=train_idx
            )
            oof[test_idx] = [
                _decision(prepared[i], weights, dense, intercept, self.min_terms) for i in test_idx
            ]
        self.dense_names_ = tuple(DENSE_FEATURES)
        self.token_weights_, self.dense_weights_, self.intercept_ = self._fit_weights(
            None, y, sw, design=design
        )
        self.calibration_ = _fit_platt(oof, y, sw)
        # The flags-only model: the same fit with no words (few weights, so its in-sample
        # scores are fair enough to calibrate on).
        self.flags_only_ = self._fit_flags_only(all_prepared, all_y, all_sw)
        self.oof_decision_ = oof
        self.oof_proba_ = np.array([self._calibrate(z) for z in oof])
        self.rules_version_ = rules.version
        self.training_ = dict(metadata or {})
        self.training_.setdefault("n_ads", int(len(y)))
        self.training_.setdefault("n_deceptive", int(y.sum()))
        self.training_.setdefault("date", _dt.date.today().isoformat())
        return self

    def _fit_flags_only(self, prepared: Sequence[Prepared], y: Any, sw: Any) -> dict[str, Any]:
        import numpy as np

        no_words = [Prepared(set(), p.dense) for p in prepared]
        _, dense, intercept = self._fit_weights(no_words, y, sw, words=False)
        z = np.array([_combine(0.0, 0, p.dense, dense, intercept, 1) for p in prepared])
        return {"intercept": intercept, "dense_weights": dense, "calibration": _fit_platt(z, y, sw)}

    def leave_one_source_out(
        self,
        prepared: Sequence[Prepared],
        labels: Sequence[int],
        sources: Sequence[str],
        *,
        sample_weight: Sequence[float] | None = None,
        calibration: tuple[float, float] | None = None,
        languages: Sequence[str] | None = None,
    ) -> Any:
        """Score every ad with a model fitted on the other sources only.

        Returns calibrated probabilities (with ``calibration``, default this fitted model's)
        of each ad from the model that never saw its source: how the model would do on a
        source it has never seen. One fit per source; parameters as this estimator's.
        With ``languages``, ads the word model does not read are scored (and trained on)
        as :meth:`fit` and screening treat them: by the flags-only model.
        """
        import numpy as np

        self._validate()
        y = np.asarray(labels, dtype=float)
        src = np.asarray(sources)
        sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        a, b = calibration if calibration is not None else self.calibration_
        reads = np.array(
            [True] * len(y)
            if languages is None
            else [lang in self.text_languages for lang in languages]
        )
        out = np.zeros(len(y))
        design = self._design(prepared)
        for source in sorted(set(sources)):
            test = np.flatnonzero(src == source)
            train = np.flatnonzero((src != source) & reads)
            if len(np.unique(y[train])) < 2:
                raise ValueError(f"without {source!r} only one class is left")
            if reads[test].any():
                weights, dense, intercept = self._fit_weights(
                    None, y[train], sw[train], design=design, rows=train
                )
            if not reads[test].all():
                rest = np.flatnonzero(src != source)
                flags = self._fit_flags_only([prepared[i] for i in rest], y[rest], sw[rest])
                fa, fb = flags["calibration"]
            for i in test:
                if reads[i]:
                    z = _decision(prepared[i], weights, dense, intercept, self.min_terms)
                    out[i] = _sigmoid(a * z + b)
                else:
                    z = _combine(
                        0.0, 0, prepared[i].dense, flags["dense_weights"], flags["intercept"], 1
                    )
                    out[i] = _sigmoid(fa * z + fb)
        return out

    def _design(self, prepared: Sequence[Prepared]) -> _Design:
        """The feature matrix of ``prepared`` over every term, built once per fit."""
        import numpy as np
        from scipy import sparse

        names = sorted({f for p in prepared for f in p.features})
        index = {f: i for i, f in enumerate(names)}
        indptr, cols, vals = [0], [], []
        for p in prepared:
            scale = _scale(len(p.features), self.min_terms)
            row = sorted(index[f] for f in p.features)
            cols += row
            vals += [scale] * len(row)
            indptr.append(len(cols))
        text = sparse.csr_matrix(
            (np.asarray(vals, dtype=float), np.asarray(cols, dtype=np.int64), indptr),
            shape=(len(prepared), len(names)),
        )
        dense = np.array([p.dense for p in prepared], dtype=float).reshape(len(prepared), -1)
        stop = np.array([is_stop_term(f) for f in names], dtype=bool)
        return _Design(text, np.asarray(names, dtype=object), dense, stop)

    def _fit_weights(
        self,
        prepared: Sequence[Prepared] | None,
        y: Any,
        sw: Any = None,
        *,
        design: _Design | None = None,
        rows: Any = None,
        words: bool = True,
    ) -> tuple[dict[str, float], list[float], float]:
        """Fit on ``prepared`` (or on ``rows`` of a prebuilt ``design``). Terms kept: those
        in at least ``min_df`` of these ads, the ``max_features`` most frequent (ties by
        name); with ``words`` False, the dense features only."""
        import numpy as np
        from scipy import sparse
        from scipy.optimize import minimize

        if design is None:
            assert prepared is not None
            design = self._design(prepared)
        if rows is None:
            rows = np.arange(design.text.shape[0])
        text = design.text[rows]
        if words:
            df = text.getnnz(axis=0)
            if self.stop_words:
                df = np.where(design.stop, 0, df)
            kept = np.flatnonzero(df >= self.min_df)
            if len(kept) > self.max_features:
                kept = np.sort(kept[np.argsort(-df[kept], kind="stable")[: self.max_features]])
        else:
            kept = np.zeros(0, dtype=np.int64)
        n_text, n_dense = len(kept), len(DENSE_FEATURES)
        X = sparse.hstack(
            [text[:, kept], sparse.csr_matrix(design.dense[rows][:, :n_dense])], format="csr"
        )
        sw = np.ones(X.shape[0]) if sw is None else np.asarray(sw, dtype=float)
        n = sw.sum()
        alpha = self.alpha

        def loss(params: Any) -> tuple[float, Any]:
            w, b = params[:-1], params[-1]
            z = X @ w + b
            # log(1 + e^z) - y z, computed stably
            value = np.sum(sw * (np.logaddexp(0.0, z) - y * z)) / n + 0.5 * alpha * w.dot(w)
            err = sw * (1.0 / (1.0 + np.exp(-z)) - y) / n
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
        terms = design.names[kept]
        weights = {
            str(f): round(float(params[i]), 5)
            for i, f in enumerate(terms)
            if abs(params[i]) >= 1e-4
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

    def reads_words(self, language: str | None) -> bool:
        """Whether this model reads the words of an ad in ``language`` (None: it does)."""
        if language is None or getattr(self, "flags_only_", None) is None:
            return True
        return language in self.text_languages

    def basis(self, language: str | None) -> str:
        """What scores an ad in ``language``: ``"words+flags"`` or ``"flags-only"``."""
        return BASIS_WORDS if self.reads_words(language) else BASIS_FLAGS

    def flags_only_score(self, dense: list[float]) -> float:
        """Calibrated probability from the language-independent features alone."""
        model = self.flags_only_
        a, b = model["calibration"]
        z = _combine(0.0, 0, dense, model["dense_weights"], model["intercept"], 1)
        return _sigmoid(a * z + b)

    def score_prepared(self, prepared: Prepared, language: str | None = None) -> float:
        """Calibrated probability that one prepared ad is deceptive (scored by the
        flags-only model when the model does not read ``language``)."""
        if not self.reads_words(language):
            return self.flags_only_score(prepared.dense)
        return self._calibrate(self.decision(prepared))

    def score_lowered(self, lowered: str, dense: list[float], language: str | None = None) -> float:
        """``score_prepared(Prepared(text_features(lowered), dense), language)``, without
        building the features when the compiled word scorer is available (the screening
        hot path)."""
        if not self.reads_words(language):
            return self.flags_only_score(dense)
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
        them all alike). Terms are ranked by the absolute weight, ties by the term itself,
        so the order does not depend on set iteration (which changes with the hash seed).
        """
        scale = _scale(len(prepared.features), self.min_terms)
        weights = self.token_weights_
        terms = [
            (f, w * scale)
            for _, f, w in sorted(
                (-abs(w), f, w) for f in prepared.features & weights.keys() for w in (weights[f],)
            )[:top]
        ]
        dense = {
            name: round(w * v, 4)
            for name, w, v in zip(
                self.dense_names_, self.dense_weights_, prepared.dense, strict=False
            )
            if w * v
        }
        return {"terms": [[f, round(c, 4)] for f, c in terms], "summary": dense}

    def strongest_terms(
        self, lowered: str, *, top: int = 5, cutoff: float = 0.0
    ) -> list[list[Any]] | None:
        """``contributions(...)["terms"]`` of the ad whose lower-cased normalised text is
        ``lowered``, keeping only terms that move the score by at least ``cutoff``
        (absolute log-odds), without building its features: the compiled word scorer
        returns just those few. None when the C module is not available (or the text was
        made to collide in its hash tables); then use :meth:`contributions`.

        Terms below ``cutoff`` rank after every term above it, so this is exactly the
        reference list with those terms dropped (tested).
        """
        table = self._word_table()
        found = None if table is None else table.matched(lowered, self.min_terms, cutoff, top)
        if found is None:
            return None
        _, n_terms, hits = found
        scale = _scale(n_terms, self.min_terms)
        hits.sort()
        return [[f, round(w * scale, 4)] for _, f, w in hits[:top]]

    def flag_contributions(self, flags: Sequence[Flag]) -> dict[str, float]:
        """Log-odds (before calibration) each flag added.

        The strongest flag of each category carries that category; the overall strongest
        at the capped 'strongest' rate, the others as corroboration; the bonus for extra
        categories is shared among them. Flags that repeat a category add 0.
        """
        if not flags:
            return {}
        w = dict(zip(self.dense_names_, self.dense_weights_, strict=True))
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
        """The saved form: format 3 for a model with a flags-only part (every model fitted
        by this version); a model loaded from format 1 or 2 is written back in its own
        format, 1 unless ``min_terms`` > 1 (so files that need no newer reader stay
        readable by older adscreen versions)."""
        self._check_fitted()
        params = self.get_params()
        flags_only = getattr(self, "flags_only_", None)
        if flags_only is None:
            del params["text_languages"], params["stop_words"]
            if self.min_terms == 1:
                del params["min_terms"]
            fmt = 1 if self.min_terms == 1 else 2
        else:
            params["text_languages"] = list(self.text_languages)
            fmt = MODEL_FORMAT
        doc: dict[str, Any] = {
            "format": fmt,
            "kind": "adscreen.AdClassifier",
            "params": params,
            "rules_version": self.rules_version_,
            "features": {"tokenizer": TOKENIZER, "dense": list(self.dense_names_)},
            "intercept": self.intercept_,
            "dense_weights": dict(zip(self.dense_names_, self.dense_weights_, strict=True)),
            "calibration": {
                "method": "platt",
                "a": self.calibration_[0],
                "b": self.calibration_[1],
            },
        }
        if flags_only is not None:
            doc["flags_only"] = {
                "intercept": flags_only["intercept"],
                "dense_weights": dict(
                    zip(self.dense_names_, flags_only["dense_weights"], strict=True)
                ),
                "calibration": {
                    "method": "platt",
                    "a": flags_only["calibration"][0],
                    "b": flags_only["calibration"][1],
                },
            }
        doc["training"] = self.training_
        doc["token_weights"] = dict(sorted(self.token_weights_.items()))
        return doc

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
    for w, v in zip(dense_weights, dense_values, strict=False):
        z += w * v
    return z


def _fit_platt(z: Any, y: Any, sw: Any = None) -> tuple[float, float]:
    """Platt scaling: p = sigmoid(a*z + b) fitted by (weighted) maximum likelihood on (z, y)."""
    import numpy as np
    from scipy.optimize import minimize

    # Platt's smoothed targets keep a and b finite when the scores separate perfectly.
    n_pos, n_neg = y.sum(), len(y) - y.sum()
    t = np.where(y > 0, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    sw = np.ones(len(y)) if sw is None else np.asarray(sw, dtype=float)

    def loss(ab: Any) -> tuple[float, Any]:
        s = ab[0] * z + ab[1]
        p = 1.0 / (1.0 + np.exp(-s))
        value = np.sum(sw * (np.logaddexp(0.0, s) - t * s))
        return value, np.array([np.sum(sw * (p - t) * z), np.sum(sw * (p - t))])

    result = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B")
    return round(float(result.x[0]), 6), round(float(result.x[1]), 6)


def _load_format_1(doc: dict[str, Any]) -> AdClassifier:
    for name in ("min_terms", "text_languages", "stop_words"):
        if name in doc.get("params", {}):
            raise ModelFormatError(f"format 1 has no {name!r}")
    return _load_common(doc, DENSE_FEATURES_V1)


def _check_min_terms(doc: dict[str, Any]) -> None:
    min_terms = doc["params"]["min_terms"]
    if not isinstance(min_terms, int) or isinstance(min_terms, bool) or min_terms < 1:
        raise ModelFormatError(f"params.min_terms must be an integer >= 1, not {min_terms!r}")


def _load_format_2(doc: dict[str, Any]) -> AdClassifier:
    _check_min_terms(doc)
    for name in ("text_languages", "stop_words"):
        if name in doc["params"]:
            raise ModelFormatError(f"format 2 has no {name!r} (that is format 3)")
    return _load_common(doc, DENSE_FEATURES_V1)


def _load_format_3(doc: dict[str, Any]) -> AdClassifier:
    _check_min_terms(doc)
    if not isinstance(doc["params"]["stop_words"], bool):
        raise ModelFormatError("params.stop_words must be true or false")
    languages = doc["params"]["text_languages"]
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise ModelFormatError("params.text_languages must be a list of language codes")
    dense = doc["features"]["dense"]
    if not isinstance(dense, list) or list(DENSE_FEATURES[: len(dense)]) != dense:
        raise ModelFormatError("model's dense features are not a prefix of this adscreen's")
    clf = _load_common(
        {**doc, "params": {**doc["params"], "text_languages": tuple(languages)}}, tuple(dense)
    )
    part = doc["flags_only"]
    clf.flags_only_ = {
        "intercept": float(part["intercept"]),
        "dense_weights": [float(part["dense_weights"][name]) for name in dense],
        "calibration": (float(part["calibration"]["a"]), float(part["calibration"]["b"])),
    }
    numbers = [clf.flags_only_["intercept"], *clf.flags_only_["dense_weights"]]
    numbers += clf.flags_only_["calibration"]
    if not all(map(math.isfinite, numbers)) or max(map(abs, numbers)) > _MAX_WEIGHT:
        raise ModelFormatError("flags_only weights and calibration must be finite")
    return clf


def _load_common(doc: dict[str, Any], dense_names: tuple[str, ...]) -> AdClassifier:
    if doc.get("kind") != "adscreen.AdClassifier":
        raise ModelFormatError(f"not an adscreen model: kind={doc.get('kind')!r}")
    if doc["features"]["tokenizer"] != TOKENIZER:
        raise ModelFormatError(
            f"model tokenizer {doc['features']['tokenizer']!r} is not this adscreen's {TOKENIZER!r}"
        )
    if list(doc["features"]["dense"]) != list(dense_names):
        raise ModelFormatError("model's dense features differ from this adscreen's")
    clf = AdClassifier(**doc["params"])
    # Checked now, or a threshold of "0.5" would fail on the first ad screened.
    clf._validate()
    clf.dense_names_ = tuple(dense_names)
    clf.flags_only_ = None
    clf.token_weights_ = {str(k): float(v) for k, v in doc["token_weights"].items()}
    clf.dense_weights_ = [float(doc["dense_weights"][name]) for name in dense_names]
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


_LOADERS = {1: _load_format_1, 2: _load_format_2, 3: _load_format_3}
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
