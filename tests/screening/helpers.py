"""The shared world of the screening tests: RihaiTestCase plus a Bureau of Emigration office."""

import json

from django.test import override_settings

from rihai.accounts.models import Agency, AgencyType
from rihai.screening import actions
from rihai.screening.models import Ad
from tests.base import RihaiTestCase, make_user

REGISTRY_CSV = (
    "licence,name,city,status,valid_from,valid_until,phones,addresses\n"
    "0848/LHR,Falcon Overseas Employment Promoters,Lahore,valid,2022-01-01,2030-12-31,"
    "0300-0000012,Office 1 Test Plaza Lahore\n"
    "696/RWP,Crescent Manpower,Rawalpindi,expired,2019-01-01,2021-12-31,,\n"
    "MPD/2671/LHR,Indus Travels,Lahore,cancelled,,,0321-0000099,\n"
)

ADS = [
    {
        "id": "a1",
        "text": "Azad visa for Dubai, no interview. Pay advance fee 50,000. Call 0300-0000077",
        "source": "facebook",
        "url": "https://facebook.example/post/1",
    },
    {
        "id": "a2",
        "text": "Driver needed in Riyadh through OEP licence 0848/LHR, salary SAR 2500, "
        "call 0300-0000012",
        "source": "olx",
    },
    {
        "id": "a3",
        "text": "Saudia jobs, licence 0696/RWP, ticket free, WhatsApp 0300-0000031",
        "source": "olx",
    },
]


def jsonl(records) -> bytes:
    return ("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n").encode()


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
class ScreeningTestCase(RihaiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.beoe = Agency.objects.create(
            name="Test Protector of Emigrants",
            code="TPOE",
            agency_type=AgencyType.BEOE,
            province=cls.punjab,
        )
        cls.beoe2 = Agency.objects.create(
            name="Test Protector Two",
            code="TPOE2",
            agency_type=AgencyType.BEOE,
            province=cls.sindh,
        )
        cls.beoe_supervisor = make_user(cls.beoe, "supervisor")
        cls.beoe2_supervisor = make_user(cls.beoe2, "supervisor")

    def apply_registry(self, content: bytes = REGISTRY_CSV.encode()):
        preview = actions.do_preview_registry_import(
            acting_user=self.beoe_supervisor, content=content, file_name="oep.csv"
        )
        return actions.do_apply_registry_import(
            registry_import=preview, acting_user=self.beoe_supervisor
        )

    def upload(self, records=ADS, *, user=None, content: bytes | None = None):
        """Uploads and scores (on commit, eagerly) as ``user`` (default the FIA investigator)."""
        with self.captureOnCommitCallbacks(execute=True):
            batch, created = actions.do_upload_ad_batch(
                acting_user=user or self.fia_investigator,
                content=content if content is not None else jsonl(records),
                file_name="ads.jsonl",
            )
        batch.refresh_from_db()
        return batch, created

    def ad(self, external_id: str = "a1") -> Ad:
        for ad in Ad.objects.all():
            if ad.external_id == external_id:
                return ad
        raise AssertionError(f"no ad {external_id}")
