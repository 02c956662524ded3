"""A shelter's day through the pages and the API; the directory search; audit of every view."""

from django.core import mail
from django.utils import timezone

from rihai.audit.models import AuditLog
from rihai.referrals.models import Referral

from .helpers import ReferralTestCase


class ShelterDayPagesTest(ReferralTestCase):
    def test_case_worker_refers_through_the_form(self):
        case, person, _ = self.referred_case(consent_to=self.ngo)
        self.sign_in(self.fia_case_worker)
        page = self.client.get(f"/referrals/new/{case.pk}/")
        self.assertContains(page, "What to share")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/referrals/new/{case.pk}/",
                {
                    "person": person.pk,
                    "service_type": "shelter",
                    "provider": self.shelter.pk,
                    "needs": "A safe bed",
                    "shared_fields": ["first_name", "age", "sex", "needs"],
                },
            )
        referral = Referral.objects.get()
        self.assertRedirects(response, f"/referrals/{referral.pk}/")
        self.assertEqual(referral.shared_fields, ["first_name", "age", "sex", "needs"])
        self.assertTrue(mail.outbox)

    def test_refusal_shows_on_the_form_and_saves_nothing(self):
        case, person, _ = self.referred_case()  # no consent
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            f"/referrals/new/{case.pk}/",
            {
                "person": person.pk,
                "service_type": "shelter",
                "provider": self.shelter.pk,
                "needs": "A safe bed",
                "shared_fields": ["first_name"],
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Record their consent")
        self.assertFalse(Referral.objects.exists())

    def test_refer_by_reference_finds_only_own_cases(self):
        case, _p, _c = self.referred_case()
        self.sign_in(self.fia_case_worker)
        response = self.client.get("/referrals/refer/", {"reference": case.reference})
        self.assertRedirects(response, f"/referrals/new/{case.pk}/")
        self.sign_in(self.other_case_worker)
        response = self.client.get("/referrals/refer/", {"reference": case.reference})
        self.assertRedirects(response, "/referrals/")

    def test_shelter_day_incoming_accept_admit_serve_discharge(self):
        referral = self.refer()
        self.sign_in(self.ngo_service_provider)
        page = self.client.get("/referrals/?box=incoming&status=requested")
        self.assertContains(page, f"R-{referral.pk}")
        detail = self.client.get(f"/referrals/{referral.pk}/")
        self.assertContains(detail, "Samina")
        self.assertNotContains(detail, referral.case.reference)
        self.assertNotContains(detail, "Open the case")
        self.client.post(f"/referrals/{referral.pk}/accept/")
        self.client.post(f"/referrals/{referral.pk}/admit/", {"bed_type": "women"})
        self.client.post(
            f"/referrals/{referral.pk}/services/",
            {
                "delivered_on": timezone.localdate(referral.requested_on).isoformat(),
                "description": "Counselling",
            },
        )
        beds = self.client.get(f"/referrals/services/{self.shelter.pk}/")
        self.assertContains(beds, "<strong>1</strong>", html=False)
        self.client.post(f"/referrals/{referral.pk}/discharge/", {"reason": "reunified"})
        referral.refresh_from_db()
        self.assertEqual(referral.status, "completed")
        self.assertEqual(referral.deliveries.count(), 1)
        events = set(AuditLog.objects.values_list("event", flat=True))
        self.assertTrue(
            {
                "referral-accepted",
                "shelter-admitted",
                "service-delivered",
                "shelter-discharged",
                "record-viewed",
                "record-listed",
            }
            <= events
        )

    def test_a_refused_step_says_why(self):
        referral = self.refer()
        self.sign_in(self.ngo_service_provider)
        self.client.post(f"/referrals/{referral.pk}/accept/")
        response = self.client.post(
            f"/referrals/{referral.pk}/admit/", {"bed_type": "boys"}, follow=True
        )
        self.assertContains(response, "does not fit this person")

    def test_pages_in_urdu_are_right_to_left(self):
        referral = self.refer()
        self.sign_in(self.ngo_service_provider)
        self.client.cookies["django_language"] = "ur"
        for url in ("/referrals/", f"/referrals/{referral.pk}/", "/referrals/services/"):
            self.assertContains(self.client.get(url), 'dir="rtl"')

    def test_supervisor_sees_overdue_others_do_not(self):
        referral = self.refer()
        Referral.objects.filter(pk=referral.pk).update(due_by=referral.requested_on)
        self.sign_in(self.fia_supervisor)
        self.assertContains(self.client.get("/referrals/overdue/"), f"R-{referral.pk}")
        self.sign_in(self.ngo_supervisor)
        self.assertContains(self.client.get("/referrals/overdue/"), f"R-{referral.pk}")
        self.assertRefused("/referrals/overdue/", [self.fia_case_worker, self.ngo_service_provider])

    def test_home_page_shows_waiting_and_overdue_counts(self):
        referral = self.refer()
        Referral.objects.filter(pk=referral.pk).update(due_by=referral.requested_on)
        self.sign_in(self.ngo_service_provider)
        home = self.client.get("/").content.decode()
        self.assertIn("referrals waiting for your answer", home)
        self.assertIn("past their answer deadline", home)
        self.sign_in(self.fia_case_worker)
        self.assertIn("your referrals not answered in time", self.client.get("/").content.decode())


class DirectoryTest(ReferralTestCase):
    def test_search_by_district_need_and_urdu_name(self):
        self.sign_in(self.fia_case_worker)
        data = self.client.get(
            "/api/services/", {"district": self.lahore.code, "need": "shelter"}
        ).json()
        self.assertEqual([p["name"] for p in data["results"]], ["Test Women's Shelter"])
        data = self.client.get("/api/services/", {"q": "دارالامان"}).json()
        self.assertEqual([p["id"] for p in data["results"]], [self.shelter.pk])
        data = self.client.get("/api/services/", {"need": "medical"}).json()
        self.assertEqual(data["results"], [])
        page = self.client.get("/referrals/services/", {"need": "legal-aid"})
        self.assertContains(page, "Test Legal Aid Clinic")
        self.assertNotContains(page, "Test Women")

    def test_only_administrators_add_providers(self):
        payload = {
            "name": "New Clinic",
            "kind": "medical",
            "district": self.lahore.code,
            "services": ["medical"],
        }
        self.sign_in(self.fia_supervisor)
        self.assertEqual(
            self.client.post("/api/services/", payload, format="json").status_code, 403
        )
        self.sign_in(self.fia_administrator)
        response = self.client.post("/api/services/", payload, content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["services"], ["medical"])


class ReferralApiTest(ReferralTestCase):
    def test_create_and_answer_through_the_api(self):
        case, person, _ = self.referred_case(consent_to=self.ngo)
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            "/api/referrals/",
            {
                "case_id": case.pk,
                "person_id": person.pk,
                "provider_id": self.shelter.pk,
                "service_type": "shelter",
                "needs": "A bed",
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        sent = response.json()
        self.assertEqual(sent["case"], case.pk)
        self.sign_in(self.ngo_service_provider)
        seen = self.client.get(f"/api/referrals/{sent['id']}/").json()
        self.assertNotIn("case", seen)
        self.assertNotIn("person", seen)
        self.assertEqual(seen["shared"]["first_name"]["roman"], "Samina")
        response = self.client.post(
            f"/api/referrals/{sent['id']}/decline/",
            {"reason": "bogus"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        response = self.client.post(f"/api/referrals/{sent['id']}/accept/")
        self.assertEqual(response.json()["status"], "accepted")
        response = self.client.post(
            f"/api/referrals/{sent['id']}/admit/",
            {"bed_type": "men"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("bed_type", response.json())

    def test_no_consent_is_a_400_with_the_reason(self):
        case, person, _ = self.referred_case()
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            "/api/referrals/",
            {
                "case_id": case.pk,
                "person_id": person.pk,
                "provider_id": self.shelter.pk,
                "service_type": "shelter",
                "needs": "A bed",
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("consent", str(response.json()))
        self.assertFalse(Referral.objects.exists())

    def test_incoming_list_is_audited(self):
        referral = self.refer()
        self.sign_in(self.ngo_service_provider)
        data = self.client.get("/api/referrals/").json()
        self.assertEqual([r["id"] for r in data["results"]], [referral.pk])
        row = AuditLog.objects.filter(event="record-listed").latest("id")
        self.assertEqual(row.extra["ids"], [referral.pk])
