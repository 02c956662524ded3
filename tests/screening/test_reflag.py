"""A registry change re-flags the stored ads citing the licences it touched, in the background."""

from rihai.audit.models import AuditLog
from rihai.screening.actions_reflag import licences_to_recheck
from rihai.screening.models import Ad

from .helpers import REGISTRY_CSV, ScreeningTestCase

ADS = [
    {"id": "falcon", "text": "Driver for Riyadh, OEP licence 0848/LHR, call 0300-0000012"},
    {"id": "crescent", "text": "Cook for Doha, licence 0696/RWP, call 0300-0000012"},
    {"id": "newco", "text": "Guard for Muscat, licence 4321/KHI"},
    {"id": "none", "text": "Tailor for Jeddah, call 0300-0000044"},
]
# Falcon cancelled, Crescent renewed, 4321/KHI registered; Indus unchanged.
CHANGED_CSV = (
    "licence,name,city,status,valid_from,valid_until,phones,addresses\n"
    "0848/LHR,Falcon Overseas Employment Promoters,Lahore,cancelled,2022-01-01,2030-12-31,"
    "0300-0000012,Office 1 Test Plaza Lahore\n"
    "696/RWP,Crescent Manpower,Rawalpindi,valid,2019-01-01,2031-12-31,0300-0000012,\n"
    "MPD/2671/LHR,Indus Travels,Lahore,cancelled,,,0321-0000099,\n"
    "4321/KHI,New Company,Karachi,valid,2024-01-01,2031-12-31,,\n"
)


def flags():
    return {a.external_id: Ad.split(a.app_flags) for a in Ad.objects.all()}


class ReflagTest(ScreeningTestCase):
    def test_applying_an_import_reflags_the_ads_citing_changed_licences(self):
        self.apply_registry()
        self.upload(ADS)
        self.assertEqual(
            flags(),
            {
                "falcon": [],
                "crescent": ["licence-expired"],
                "newco": ["licence-unknown"],
                "none": [],
            },
        )
        # on_commit callbacks run: the background task runs eagerly, as a worker would.
        with self.captureOnCommitCallbacks(execute=True):
            applied = self.apply_registry(CHANGED_CSV.encode())
        self.assertEqual(
            flags(),
            {
                "falcon": ["licence-cancelled"],
                "crescent": [],
                # Registered now and valid; the ad gives no phone to compare.
                "newco": [],
                "none": [],
            },
        )
        row = AuditLog.objects.get(event="ads-reflagged")
        self.assertEqual(row.object_id, str(applied.pk))
        self.assertEqual(row.extra, {"licences": 3, "ads_checked": 3, "ads_changed": 3})

    def test_an_import_that_changes_no_status_reads_no_ad(self):
        self.apply_registry()
        self.upload(ADS)
        with self.captureOnCommitCallbacks(execute=True):
            self.apply_registry(REGISTRY_CSV.encode())  # the same list again: nothing changed
        row = AuditLog.objects.filter(event="ads-reflagged").last()
        self.assertEqual(row.extra, {"licences": 0, "ads_checked": 0, "ads_changed": 0})

    def test_only_flag_fields_trigger_a_recheck(self):
        report = {
            "new": ["0001/LHR"],
            "changed": [
                {"licence": "0002/LHR", "fields": ["name"]},
                {"licence": "0003/LHR", "fields": ["phones"]},
            ],
        }
        self.assertEqual(licences_to_recheck(report), ["0001/LHR", "0003/LHR"])
