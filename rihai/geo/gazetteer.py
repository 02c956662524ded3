"""Reads the shipped gazetteer CSVs (sources and licence in ``data/SOURCES.md``)."""

import csv
from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def iter_provinces() -> Iterator[dict]:
    with open(DATA_DIR / "pk_provinces_iso_census2023.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            population = row["census2023_population"].strip()
            yield {
                "code": row["dataset_id"],
                "iso_code": row["iso_3166_2"],
                "name_en": row["name_en"],
                "name_ur": row["name_ur"],
                "census2023_population": int(population) if population else None,
            }


def iter_districts() -> Iterator[dict]:
    with open(DATA_DIR / "pk_admin_all_flat.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["level"] != "2":
                continue
            yield {
                "code": row["id"],
                "province_code": row["parent.id"],
                "name_en": row["name.en"],
                "name_ur": row["name.local"],
                "slug": row["name.slug"],
                "latitude": float(row["geo.lat"]) if row["geo.lat"] else None,
                "longitude": float(row["geo.lon"]) if row["geo.lon"] else None,
            }


def load_gazetteer(province_model, district_model) -> None:
    """Creates or updates every province and district; safe to run again."""
    provinces = {}
    for data in iter_provinces():
        code = data.pop("code")
        provinces[code], _ = province_model.objects.update_or_create(code=code, defaults=data)
    for data in iter_districts():
        code = data.pop("code")
        data["province"] = provinces[data.pop("province_code")]
        district_model.objects.update_or_create(code=code, defaults=data)
