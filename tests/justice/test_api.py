"""The justice API through its HTTP interface: answers, database state, audit rows."""

from datetime import date, timedelta

from django.utils import timezone

from rihai.audit.models import AuditLog
from rihai.justice.models import Investigation, Suspect

from .helpers import JusticeTestCase


class InvestigationApiTest(JusticeTestCase):
    def setUp(self):
        self.sign_in(self.fia_investigator)

    def test_open_move_and_read_with_audit(self):
        response = self.client.post(
            "/api/investigations/",
            {
                "complaint_number": "C-12",
                "complaint_date": "2024-03-01",
                "offence_codes": ["ptpa-3-2"],
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        inv_id = response.json()["id"]
        self.assertEqual(response.json()["offences"][0]["code"], "ptpa-3-2")
        response = self.client.post(
            f"/api/investigations/{inv_id}/stage/",
            {"stage": "fir", "on": "2024-03-04", "fir_number": "12/24"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["stage"], "fir")
        self.assertTrue(
            AuditLog.objects.filter(event="stage-recorded", object_id=str(inv_id)).exists()
        )
        self.assertTrue(
            AuditLog.objects.filter(event="record-viewed", object_id=str(inv_id)).exists()
        )

    def test_a_stage_jump_is_a_clear_400_in_urdu_too_and_saves_nothing(self):
        inv = self.investigation()
        response = self.client.post(
            f"/api/investigations/{inv.pk}/stage/",
            {"stage": "judgment", "on": "2024-03-04"},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="ur",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("stage", response.json())
        message = response.json()["stage"][0]
        self.assertIn("اگلا مرحلہ", message)  # "the next stage", in Urdu
        inv.refresh_from_db()
        self.assertEqual(inv.stage, "complaint")

    def test_future_date_and_unknown_offence_are_400(self):
        inv = self.investigation()
        future = (timezone.localdate() + timedelta(days=5)).isoformat()
        response = self.client.post(
            f"/api/investigations/{inv.pk}/stage/",
            {"stage": "inquiry", "on": future},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        response = self.client.post(
            f"/api/investigations/{inv.pk}/offences/",
            {"offence_code": "nope"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("offence", response.json())

    def test_non_punishment_through_the_api(self):
        inv = self.investigation()
        body = {"role": "recruiter", "name_roman": "Api Demo", "possible_victim": True}
        response = self.client.post(
            f"/api/investigations/{inv.pk}/suspects/", body, content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("non_punishment_considered", response.json())
        self.assertFalse(Suspect.objects.exists())
        body |= {
            "non_punishment_considered": True,
            "non_punishment_note": "acted under threat; still leads the ring",
        }
        response = self.client.post(
            f"/api/investigations/{inv.pk}/suspects/", body, content_type="application/json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertTrue(response.json()["accused"][0]["possible_victim"])

    def test_matches_api_hides_other_agencies_records(self):
        inv = self.investigation()
        mine = self.client.post(
            f"/api/investigations/{inv.pk}/suspects/",
            {"role": "recruiter", "name_roman": "Match Demo", "phone": "0300-7654321"},
            content_type="application/json",
        ).json()["accused"][0]["suspect"]
        theirs = self.investigation(user=self.ngo_investigator)
        from rihai.justice.actions import do_accuse_suspect

        do_accuse_suspect(
            investigation=theirs,
            acting_user=self.ngo_investigator,
            role="recruiter",
            name_roman="Secret Name Demo",
            phone="+923007654321",
        )
        response = self.client.get(f"/api/suspects/{mine}/matches/")
        self.assertEqual(response.status_code, 200)
        rows = response.json()
        self.assertEqual(len(rows), 1)
        self.assertIsNone(rows[0]["suspect"])
        self.assertTrue(rows[0]["ask_this_agency"])
        self.assertNotIn("Secret", response.content.decode())

    def test_list_is_scoped_and_audited(self):
        self.investigation()
        self.investigation(user=self.ngo_investigator)
        response = self.client.get("/api/investigations/")
        self.assertEqual(response.json()["count"], 1)
        self.assertTrue(AuditLog.objects.filter(event="record-listed").exists())

    def test_catalogue_api_carries_marks(self):
        rows = self.client.get("/api/offences/").json()
        self.assertTrue(any(r["verification"] == "U" and r["in_force_from"] is None for r in rows))
        self.assertEqual(Investigation.objects.count(), 0)


class UrduPagesTest(JusticeTestCase):
    def test_investigation_pages_in_urdu_are_right_to_left(self):
        inv = self.advance(self.investigation(), "fir")
        self.sign_in(self.fia_investigator)
        self.client.cookies["django_language"] = "ur"
        for url, phrase in (
            (f"/justice/{inv.pk}/", "تفتیشی افسر"),
            ("/justice/", "اگلی سماعت"),
            ("/justice/offences/", "تارکینِ وطن کی اسمگلنگ"),
            ("/justice/overdue/", "تاخیر شدہ تفتیشیں"),
        ):
            page = self.client.get(url).content.decode()
            self.assertIn('dir="rtl"', page, url)
            self.assertIn(phrase, page, url)
        # References and numbers stay left-to-right inside the right-to-left page.
        self.assertIn(
            f'dir="ltr" href="/justice/{inv.pk}/">{inv.reference}',
            self.client.get("/justice/").content.decode(),
        )


class CaseSummaryApiTest(JusticeTestCase):
    """Separation of duties: a case worker sees stage, next hearing and protection measures of
    the investigations linked to their own case, nothing else."""

    def setUp(self):
        self.case_ = self.case()  # the FIA case worker's own case
        inv = self.advance(self.investigation(), "fir", "challan")
        from rihai.justice import actions

        actions.do_link_victim_case(
            investigation=inv,
            case=self.case_,
            acting_user=self.fia_investigator,
            protection_measures=["in-camera", "address-withheld"],
        )
        actions.do_schedule_hearing(
            investigation=inv,
            on=timezone.localdate() + timedelta(days=9),
            court_name="Court Demo",
            acting_user=self.fia_investigator,
        )
        actions.do_accuse_suspect(
            investigation=inv,
            acting_user=self.fia_investigator,
            role="recruiter",
            name_roman="Hidden Suspect Demo",
        )
        actions.do_add_evidence(
            investigation=inv,
            kind="document",
            description="Hidden Evidence Demo",
            collected_on=date(2024, 3, 2),
            acting_user=self.fia_investigator,
        )
        self.inv = inv

    def test_the_case_worker_sees_the_summary_and_nothing_more(self):
        self.sign_in(self.fia_case_worker)
        response = self.client.get(f"/api/cases/{self.case_.pk}/justice-summary/")
        self.assertEqual(response.status_code, 200)
        row = response.json()[0]
        self.assertEqual(row["stage"], "challan")
        self.assertEqual(row["protection_measures"], ["in-camera", "address-withheld"])
        self.assertIsNotNone(row["next_hearing"])
        body = response.content.decode()
        self.assertNotIn("Hidden", body)
        page = self.client.get(f"/justice/cases/{self.case_.pk}/").content.decode()
        self.assertIn("In-camera hearing", page)
        self.assertNotIn("Hidden", page)
        for url in (
            f"/api/investigations/{self.inv.pk}/",
            f"/justice/{self.inv.pk}/",
            "/api/investigations/",
        ):
            self.assertIn(self.client.get(url).status_code, (403, 404), url)

    def test_another_case_worker_and_other_agencies_get_nothing(self):
        from tests.base import make_user

        colleague = make_user(self.fia, "case-worker", username="fia-cw-2")
        for user in (
            colleague,
            self.ngo_case_worker,
            self.fia_analyst,
            self.fia_administrator,
            self.fia_service_provider,
        ):
            self.client.logout()
            self.sign_in(user)
            self.assertEqual(
                self.client.get(f"/api/cases/{self.case_.pk}/justice-summary/").status_code,
                404,
                user,
            )

    def test_the_investigator_sees_identity_and_protection_not_the_summary_notes(self):
        self.sign_in(self.fia_investigator)
        page = self.client.get(f"/justice/{self.inv.pk}/").content.decode()
        self.assertIn("Samina Demo", page)  # identity: needed to take the statement
        self.assertIn("Address not to be disclosed", page)
        self.assertIn("Hidden Suspect Demo", page)


class QueryBudgetTest(JusticeTestCase):
    def test_list_and_detail_queries_do_not_grow_with_rows(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from rihai.justice import actions

        self.sign_in(self.fia_investigator)

        def count(url):
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(queries)

        inv = self.investigation()
        for n in range(6):
            if n == 1:  # one of each first, so the baseline runs every prefetch
                few_list = count("/api/investigations/")
                few_detail = count(f"/api/investigations/{inv.pk}/")
            self.investigation(complaint_number=f"C-Q{n}")
            actions.do_accuse_suspect(
                investigation=inv,
                acting_user=self.fia_investigator,
                role="recruiter",
                name_roman=f"Q{n} Demo",
            )
            actions.do_add_evidence(
                investigation=inv,
                kind="document",
                description=f"doc {n}",
                collected_on=inv.complaint_date,
                acting_user=self.fia_investigator,
            )
        self.assertEqual(count("/api/investigations/"), few_list)
        self.assertEqual(count(f"/api/investigations/{inv.pk}/"), few_detail)


class VictimIdentityMaskedTest(JusticeTestCase):
    """The investigation page names a linked victim, with the CNIC masked as on the person's
    page: the full value only through the person's audited reveal."""

    def test_the_victims_cnic_is_masked_on_the_investigation(self):
        from rihai.justice import actions

        person = self.person(self.fia_investigator, cnic="35202-4444444-4")
        case = self.case(user=self.fia_investigator, person=person)
        inv = self.investigation()
        actions.do_link_victim_case(investigation=inv, case=case, acting_user=self.fia_investigator)
        self.sign_in(self.fia_investigator)
        for url in (f"/justice/{inv.pk}/", f"/api/investigations/{inv.pk}/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn("4444444", response.content.decode(), url)
        self.assertContains(self.client.get(f"/justice/{inv.pk}/"), "35202-•••••••-4")
