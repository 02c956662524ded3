"""Loading the offences catalogue and the stage limits from ``data/`` (versioned TOML).

The loader is idempotent: an offence is matched by code and a version by its position within
the offence, so running it again after editing the file updates the rows in place and adds new
versions. A version that investigations already charge is never removed.
"""

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings

DATA_DIR = Path(__file__).resolve().parent / "data"
VERSION_FIELDS = ("penalty", "court", "cognizable", "bailable", "compoundable", "verification")


def read_offences(path: Path | None = None) -> dict:
    return tomllib.loads((path or DATA_DIR / "offences.toml").read_text("utf-8"))


def load_offences(offence_model, version_model, data: dict | None = None) -> dict[str, int]:
    """Creates or updates every offence and version; returns counts. Takes the model classes
    so a data migration can pass its historical models."""
    data = data or read_offences()
    catalogue_version = int(data["catalogue_version"])
    counts = {"offences": 0, "versions": 0}
    for entry in data["offence"]:
        offence, _created = offence_model.objects.update_or_create(
            code=entry["code"],
            defaults={k: entry[k] for k in ("law", "section", "title_en", "title_ur")},
        )
        counts["offences"] += 1
        versions = entry["version"]
        starts = [_date(v.get("in_force_from")) for v in versions]
        for position, (version, start) in enumerate(zip(versions, starts, strict=True)):
            # A version ends the day before the next dated version begins.
            later = [s for s in starts[position + 1 :] if s is not None]
            end = (later[0] - timedelta(days=1)) if start and later else None
            version_model.objects.update_or_create(
                offence=offence,
                position=position,
                defaults={
                    **{k: version[k] for k in VERSION_FIELDS},
                    "source": version["source"],
                    "note": version.get("note", ""),
                    "in_force_from": start,
                    "in_force_to": end,
                    "catalogue_version": catalogue_version,
                },
            )
            counts["versions"] += 1
    return counts


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(value)


@dataclass(frozen=True)
class StageLimit:
    stage: str
    days: int
    label: str
    source: str
    verification: str
    counted_from: str  # the stage whose date starts the clock (usually the stage itself)
    configured_locally: bool


def stage_limits() -> dict[str, StageLimit]:
    """The limits from data, with any ``RIHAI_JUSTICE_STAGE_LIMITS`` override applied."""
    data = tomllib.loads((DATA_DIR / "stage_limits.toml").read_text("utf-8"))
    overrides = getattr(settings, "RIHAI_JUSTICE_STAGE_LIMITS", {}) or {}
    limits = {}
    for stage, entry in data.items():
        local = stage in overrides
        limits[stage] = StageLimit(
            stage=stage,
            days=int(overrides[stage]) if local else int(entry["days"]),
            label=entry["label"],
            source=entry["source"],
            verification="local" if local else entry["verification"],
            counted_from=entry.get("counted_from", stage),
            configured_locally=local,
        )
    return limits
