"""An accused's status through the case: dates and order checked, nothing saved when refused."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse

from rihai.justice import actions
from rihai.justice.models import Accused

from .helpers import COMPLAINT_DAY, JusticeTestCase


class AccusedStatusTest(JusticeTestCase):
    def accused(self, *stages):
        inv = self.advance(self.investigation(), *stages)
        return actions.do_accuse_suspect(
            investigation=inv,
            acting_user=self.fia_investigator,
            role="recruiter",
            name_roman="Status Demo",
        )

    def record(self, accused, status, days):
        return actions.do_record_accused_status(
            accused=accused,
            status=status,
            on=COMPLAINT_DAY + timedelta(days=days),
            acting_user=self.fia_investigator,
        )

    def assertRefused(self, accused, status, days, message):
        before = Accused.objects.get(pk=accused.pk)
        with self.assertRaisesMessage(ValidationError, message):
            self.record(accused, status, days)
        after = Accused.objects.get(pk=accused.pk)
        self.assertEqual((after.status, after.status_since), (before.status, before.status_since))

    def test_no_conviction_before_judgment(self):
        accused = self.accused("fir", "arrest", "challan", "trial")
        self.assertRefused(accused, "convicted", 40, "No conviction or acquittal before")
        self.assertRefused(accused, "acquitted", 40, "No conviction or acquittal before")

    def test_no_arrest_before_the_fir(self):
        accused = self.accused()
        self.assertRefused(accused, "arrested", 3, "Record the FIR")
        accused = self.accused("fir")  # FIR on day 7
        self.assertRefused(accused, "arrested", 5, "before the")

    def test_bail_needs_an_arrest_and_a_proclamation_absconding(self):
        accused = self.accused("fir")
        self.assertRefused(accused, "on-bail", 10, "first")
        self.assertRefused(accused, "proclaimed", 10, "first")

    def test_dates_in_the_future_or_backwards_are_refused(self):
        accused = self.accused("fir")
        self.record(accused, "absconding", 20)
        self.assertRefused(accused, "proclaimed", 15, "before the accused's current status")
        with self.assertRaisesMessage(ValidationError, "future"):
            actions.do_record_accused_status(
                accused=accused,
                status="arrested",
                on=COMPLAINT_DAY + timedelta(days=100000),
                acting_user=self.fia_investigator,
            )

    def test_the_whole_road_to_conviction_then_closed(self):
        accused = self.accused("fir", "arrest", "challan", "trial", "judgment")
        self.record(accused, "arrested", 8)
        self.record(accused, "on-bail", 12)
        self.record(accused, "convicted", 40)
        accused.refresh_from_db()
        self.assertEqual(
            (accused.status, accused.status_since.isoformat()), ("convicted", "2024-04-10")
        )
        self.assertRefused(accused, "acquitted", 41, "closed")
        self.assertEqual(self.audit_events().count("accused-status-recorded"), 3)

    def test_the_page_records_a_status(self):
        accused = self.accused("fir")
        self.sign_in(self.fia_investigator)
        url = reverse("justice:accused-status", args=[accused.investigation_id, accused.pk])
        self.client.post(
            url, {f"a{accused.pk}-status": "absconding", f"a{accused.pk}-on": "2024-03-20"}
        )
        accused.refresh_from_db()
        self.assertEqual(accused.status, "absconding")
        self.sign_in(self.ngo_investigator)
        response = self.client.post(
            url, {f"a{accused.pk}-status": "arrested", f"a{accused.pk}-on": "2024-03-21"}
        )
        self.assertEqual(response.status_code, 404)

    def test_the_api_records_a_status(self):
        accused = self.accused("fir")
        self.sign_in(self.fia_investigator)
        url = f"/api/investigations/{accused.investigation_id}/accused/{accused.pk}/status/"
        ok = self.client.post(
            url, {"status": "arrested", "on": "2024-03-10"}, content_type="application/json"
        )
        self.assertEqual(ok.status_code, 200, ok.content)
        refused = self.client.post(
            url, {"status": "convicted", "on": "2024-03-11"}, content_type="application/json"
        )
        self.assertEqual(refused.status_code, 400)
