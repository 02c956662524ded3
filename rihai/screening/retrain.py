"""Retraining adscreen's model from reviewers' decisions plus base data (no access checks
here: ``actions_models`` does them).

- Reviewed ads: the latest decision on each ad; a lead is label 1, a dismissal label 0, a
  watched ad no label (the reviewer did not decide).
- Base data: adscreen's synthetic Pakistani ads (the only training data in this repository;
  the shipped model's third-party files are not, see adscreen's DATA_CARD.md), plus any
  labelled JSONL/CSV files named in ``SCREENING_BASE_TRAINING_FILES`` (adscreen's format).
- Held out: a fifth of each, chosen by a hash of the ad's group (a reviewed ad's content
  hash, a synthetic ad's template group), so near-copies never straddle the split. Both the
  candidate and the model in use are scored on exactly these ads.
"""

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from adscreen.classify import AdClassifier, default_model, load_model
from adscreen.evaluate import binary_metrics
from adscreen.io import read_records
from adscreen.synthetic import generate

HELD_OUT_SHARE = 5  # one in five groups


@dataclass
class Labelled:
    texts: list[str] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def add(self, text: str, label: int, group: str) -> None:
        self.texts.append(text)
        self.labels.append(int(label))
        self.groups.append(group)


def held_out(group: str) -> bool:
    return int(hashlib.sha256(group.encode()).hexdigest()[:8], 16) % HELD_OUT_SHARE == 0


def split(reviewed: list[tuple[str, int, str]], base: list[tuple[str, int, str]]):
    """(train, test) from (text, label, group) triples of both kinds."""
    train, test = Labelled(), Labelled()
    for text, label, group in [*reviewed, *base]:
        (test if held_out(group) else train).add(text, label, group)
    return train, test


def base_data(synthetic: int, seed: int = 0) -> list[tuple[str, int, str]]:
    rows = [
        (a["text"], a["label"], f"synthetic:{a['group']}") for a in generate(synthetic, seed=seed)
    ]
    for path in getattr(settings, "SCREENING_BASE_TRAINING_FILES", []) or []:
        for record in read_records(path):
            if record.label in (0, 1):
                rows.append((record.text, record.label, f"base:{Path(path).name}:{record.id}"))
    return rows


def train(data: Labelled, *, version: str) -> AdClassifier:
    splits = max(2, min(5, len(set(data.groups)) // 20))
    model = AdClassifier(n_splits=splits)
    return model.fit(
        data.texts,
        data.labels,
        groups=data.groups,
        metadata={"model_version": version, "trained_by": "rihai screening retrain"},
    )


def metrics(model: AdClassifier, data: Labelled) -> dict:
    """Held-out figures at the model's own threshold (precision, recall, F1, ROC-AUC...)."""
    if not data.texts or len(set(data.labels)) < 2:
        return {"n": len(data.texts), "note": "too few held-out ads of each label"}
    proba = model.predict_proba(data.texts)[:, 1]
    found = binary_metrics(data.labels, proba.tolist(), threshold=model.threshold)
    keep = {
        k: (round(v, 4) if isinstance(v, float) else v)
        for k, v in found.items()
        if isinstance(v, int | float)
    }
    return {"n": len(data.texts), **keep}


def model_file(document: str, version: str) -> str:
    """A path adscreen can load (its pipeline takes models by path, so worker processes
    load each once): the stored document written once to a cache folder, named by hash."""
    digest = hashlib.sha256(document.encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "rihai-screening-models"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"{version[:40]}-{digest}.json"
    if not path.exists():
        partial = path.with_suffix(".part")
        partial.write_text(document, encoding="utf-8")
        partial.replace(path)
    return str(path)


def loaded(document: str | None, version: str = "") -> AdClassifier:
    return load_model(model_file(document, version)) if document else default_model()


def active_model_path() -> str | None:
    """The file of the model in use, for adscreen's pipeline (None: the shipped model)."""
    from .models.scoring_models import ScoringModel

    active = (
        ScoringModel.objects.filter(status=ScoringModel.Status.ACTIVE)
        .only("version", "document")
        .first()
    )
    return model_file(active.document, active.version) if active else None
