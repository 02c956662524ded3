"""The OEP registry: preview, apply, conflicting rows, bad files, and verify_recruiter."""

from django.core.exceptions import ValidationError

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.screening import actions
from rihai.screening.models import Promoter, RegistryImport
from rihai.screening.queries import verify_recruiter
from rihai.screening.registry_file import canonical_licence

from .helpers import REGISTRY_CSV, ScreeningTestCase


class LicenceFormatTest(ScreeningTestCase):
    def test_observed_forms_become_four_digits_and_city(self):
        self.assertEqual(canonical_licence("0848/LHR"), "0848/LHR")
        self.assertEqual(canonical_licence("696/rwp"), "0696/RWP")
        self.assertEqual(canonical_licence("MPD/2671/LHR"), "2671/LHR")
        self.assertEqual(canonical_licence("24/7"), "")
        self.assertEqual(canonical_licence("12345/LHR"), "")


class RegistryImportTest(ScreeningTestCase):
    def preview(self, content: str, user=None):
        return actions.do_preview_registry_import(
            acting_user=user or self.beoe_supervisor, content=content.encode(), file_name="x.csv"
        )

    def test_preview_changes_nothing_and_apply_applies_it(self):
        preview = self.preview(REGISTRY_CSV)
        self.assertEqual(Promoter.objects.count(), 0)
        self.assertEqual(preview.report["new"], ["0696/RWP", "0848/LHR", "2671/LHR"])
        self.assertTrue(
            AuditLog.objects.filter(event="registry-import-previewed", object_id=str(preview.pk))
        )
        actions.do_apply_registry_import(registry_import=preview, acting_user=self.beoe_supervisor)
        falcon = Promoter.objects.get(licence="0848/LHR")
        self.assertEqual(falcon.phones, ["+923000000012"])
        self.assertEqual(falcon.status, "valid")
        self.assertTrue(AuditLog.objects.filter(event="registry-import-applied").exists())

    def test_second_file_shows_new_changed_unchanged(self):
        self.apply_registry()
        changed = REGISTRY_CSV.replace("expired,2019-01-01", "valid,2019-01-01") + (
            "1338/SKT,Ravi Promoters,Sialkot,valid,,,,\n"
        )
        report = self.preview(changed).report
        self.assertEqual(report["new"], ["1338/SKT"])
        self.assertEqual(report["changed"], [{"licence": "0696/RWP", "fields": ["status"]}])
        self.assertEqual(report["unchanged"], ["0848/LHR", "2671/LHR"])

    def test_conflicting_licence_numbers_are_reported_not_applied(self):
        content = REGISTRY_CSV + "0848/LHR,Someone Else,Lahore,valid,,,,\n"
        preview = self.preview(content)
        self.assertEqual(preview.report["conflicting"], [{"licence": "0848/LHR", "lines": [2, 5]}])
        actions.do_apply_registry_import(registry_import=preview, acting_user=self.beoe_supervisor)
        self.assertFalse(Promoter.objects.filter(licence="0848/LHR").exists())
        self.assertTrue(Promoter.objects.filter(licence="0696/RWP").exists())

    def test_bad_rows_are_reported_with_line_and_the_good_ones_kept(self):
        content = REGISTRY_CSV + "99/X,Bad,,valid,,,,\n1338/SKT,,,valid,,,,\n1339/SKT,N,,open,,,,\n"
        preview = self.preview(content)
        self.assertEqual(
            preview.report["errors"],
            [
                {"line": 5, "reason": "licence-format"},
                {"line": 6, "reason": "name-empty"},
                {"line": 7, "reason": "status"},
            ],
        )
        self.assertEqual(len(preview.report["new"]), 3)

    def test_missing_columns_refuse_the_whole_file(self):
        with self.assertRaisesMessage(ValidationError, "status"):
            self.preview("licence,name\n0848/LHR,Falcon\n")
        self.assertFalse(RegistryImport.objects.exists())

    def test_a_binary_file_is_refused(self):
        with self.assertRaises(ValidationError):
            actions.do_preview_registry_import(
                acting_user=self.beoe_supervisor, content=b"\x89PNG\x00\x00\xff", file_name="x"
            )

    def test_only_the_bureau_keeps_the_registry(self):
        # An FIA supervisor holds (registry, change) by role but is not the Bureau.
        with self.assertRaises(ValidationError):
            self.preview(REGISTRY_CSV, user=self.fia_supervisor)
        preview = self.preview(REGISTRY_CSV)
        with self.assertRaises(RecordNotFound):
            actions.do_apply_registry_import(
                registry_import=preview, acting_user=self.fia_supervisor
            )

    def test_another_bureau_office_cannot_apply_this_preview(self):
        preview = self.preview(REGISTRY_CSV)
        with self.assertRaises(RecordNotFound):
            actions.do_apply_registry_import(
                registry_import=preview, acting_user=self.beoe2_supervisor
            )
        self.assertEqual(Promoter.objects.count(), 0)

    def test_a_stale_preview_is_refused(self):
        first = self.preview(REGISTRY_CSV)
        second = self.preview(REGISTRY_CSV.replace("Crescent Manpower", "Crescent Two"))
        actions.do_apply_registry_import(registry_import=second, acting_user=self.beoe_supervisor)
        with self.assertRaisesMessage(ValidationError, "changed since this preview"):
            actions.do_apply_registry_import(
                registry_import=first, acting_user=self.beoe_supervisor
            )
        self.assertEqual(Promoter.objects.get(licence="0696/RWP").name, "Crescent Two")

    def test_applying_twice_is_refused(self):
        applied = self.apply_registry()
        with self.assertRaisesMessage(ValidationError, "already applied"):
            actions.do_apply_registry_import(
                registry_import=applied, acting_user=self.beoe_supervisor
            )


class VerifyRecruiterTest(ScreeningTestCase):
    def setUp(self):
        self.apply_registry(
            (
                REGISTRY_CSV + "1338/SKT,Falcon Overseas,Sialkot,valid,,,,\n"
                "2214/MLK,راوی اوورسیز ایمپلائمنٹ پروموٹرز,Malakand,valid,,,,\n"
            ).encode()
        )

    def test_by_licence(self):
        self.assertEqual(verify_recruiter("0848/LHR").status, "valid")
        self.assertEqual(verify_recruiter("696/RWP").status, "expired")
        self.assertEqual(verify_recruiter("MPD/2671/LHR").status, "cancelled")
        self.assertEqual(verify_recruiter("4444/LHR").status, "unknown")
        self.assertEqual(verify_recruiter("").status, "unknown")

    def test_by_name_in_both_scripts(self):
        self.assertEqual(verify_recruiter("Indus Travels").status, "cancelled")
        self.assertEqual(verify_recruiter("Ravi Overseas").status, "valid")  # Urdu in registry
        self.assertEqual(verify_recruiter("انڈس").status, "cancelled")  # Roman in registry
        self.assertEqual(verify_recruiter("Nobody Known").status, "unknown")

    def test_a_name_several_promoters_share_is_ambiguous_when_statuses_differ(self):
        Promoter.objects.filter(licence="1338/SKT").update(status="expired")
        result = verify_recruiter("Falcon")
        self.assertEqual(result.status, "ambiguous")
        self.assertEqual(len(result.promoters), 2)

    def test_a_valid_licence_past_its_end_date_has_expired(self):
        Promoter.objects.filter(licence="0848/LHR").update(valid_until="2020-01-01")
        self.assertEqual(verify_recruiter("0848/LHR").status, "expired")
