"""Synthetic ads and a synthetic OEP registry for the demo. Everything is fictional.

Ads come from ``adscreen.synthetic`` (visibly fake numbers such as 0300-00000NN, e-mail at
example.com, licences 9900–9999, above any real licence). The registry holds ~50 promoters
with licences in the same 9900–9999 range, so some ads cite a valid licence, some an expired
or cancelled one and some an unknown one. Both arrive through the same actions as real data:
a Bureau supervisor previews and applies the registry, an FIA investigator uploads the ads,
which are then scored by the same task a Celery worker runs.
"""

import csv
import io
import json

from rihai.accounts.actions import do_create_user
from rihai.accounts.demo import DEMO_PASSWORD
from rihai.accounts.models import Agency, Role, Sex, User

from . import actions
from .models import Ad, Promoter
from .tasks import score_batch

CITY_CODES = ["LHR", "RWP", "KHI", "PEW", "MLK", "SKT", "MTN", "QTA"]
CITIES = {
    "LHR": "Lahore",
    "RWP": "Rawalpindi",
    "KHI": "Karachi",
    "PEW": "Peshawar",
    "MLK": "Malakand",
    "SKT": "Sialkot",
    "MTN": "Multan",
    "QTA": "Quetta",
}
NAMES = ["Demo Falcon", "Demo Crescent", "Demo Indus", "Demo Margalla", "Demo Ravi", "Demo Khyber"]
NAMES_UR = ["ڈیمو فالکن", "ڈیمو ہلال", "ڈیمو سندھ", "ڈیمو مارگلہ", "ڈیمو راوی", "ڈیمو خیبر"]


def _user(username, role_code, agency_code, last) -> User | None:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        return None
    return do_create_user(
        acting_user=None,
        username=username,
        password=DEMO_PASSWORD,
        agency=agency,
        role=Role.objects.get(code=role_code),
        first_name="Demo",
        last_name=last,
        sex=Sex.FEMALE,
    )


def registry_csv(rng, count: int = 50) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["licence", "name", "city", "status", "valid_from", "valid_until", "phones"])
    numbers = rng.sample(range(9900, 10000), count)
    for i, number in enumerate(numbers):
        code = rng.choice(CITY_CODES)
        status = rng.choices(["valid", "expired", "cancelled", "suspended"], [6, 2, 1, 1])[0]
        name = NAMES[i % len(NAMES)] if i % 3 else NAMES_UR[i % len(NAMES_UR)]
        writer.writerow(
            [
                f"{number}/{code}",
                f"{name} Overseas Employment Promoters {i + 1}",
                CITIES[code],
                status,
                "2022-01-01",
                "2027-12-31" if status == "valid" else "2024-12-31",
                f"0300-00000{rng.randrange(10, 99)}",
            ]
        )
    return out.getvalue().encode()


def seed(*, stdout=None, rng, size: str = "full", **_) -> dict:
    """Creates the registry and the ads unless they exist already (then changes nothing)."""
    from adscreen.synthetic import generate

    made = {"promoters": 0, "ads": 0}
    bureau = _user("demo.beoe", "supervisor", "POE-RWP", "Bureau Supervisor")
    investigator = User.objects.filter(username="demo.investigator").first()
    if bureau is not None and not Promoter.objects.exists():
        preview = actions.do_preview_registry_import(
            acting_user=bureau, content=registry_csv(rng), file_name="demo-oep-list.csv"
        )
        actions.do_apply_registry_import(registry_import=preview, acting_user=bureau)
        made["promoters"] = Promoter.objects.count()
    if investigator is not None and not Ad.objects.exists():
        count = {"small": 300, "full": 3000}.get(size, 300)
        lines = []
        for ad in generate(count, seed=rng.randrange(1000)):
            record = {
                "id": ad["id"],
                "text": ad["text"],
                "source": rng.choice(["facebook", "olx", "whatsapp", "rozee"]),
            }
            record["url"] = f"https://{record['source']}.example/{ad['id']}"
            lines.append(json.dumps(record, ensure_ascii=False))
        batch, _created = actions.do_upload_ad_batch(
            acting_user=investigator,
            content=("\n".join(lines) + "\n").encode(),
            file_name="demo-ads.jsonl",
        )
        score_batch(batch.pk)  # in this process, whatever the broker
        made["ads"] = Ad.objects.count()
    return made
