"""Triage opens the right record in the app that acts on it, through that app's own action,
in one transaction with the report's decision; the sender's page shows a plain status only."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.cases.models import Case, Person
from rihai.justice.models import Investigation
from rihai.portal import actions
from rihai.portal.models import Report
from rihai.screening.models import AdBatch
from tests.portal.test_portal import SECRET_STORY, PortalTestCase


class TriageTest(PortalTestCase):
    def setUp(self):
        super().setUp()
        response = self.report()
        self.code = response.context["code"]
        self.obj = Report.objects.get()

    def decide(self, user, outcome, **extra):
        return actions.do_triage_report(
            report=self.obj, outcome=outcome, note="seen", acting_user=user, **extra
        )

    def test_a_case_is_opened_through_the_cases_app_and_linked(self):
        report = self.decide(
            self.fia_supervisor, "case", person_name="Demo Sana", person_sex="female"
        )
        case = Case.objects.get()
        self.assertEqual((report.case, report.status), (case, "acted-on"))
        self.assertEqual(
            (case.agency, case.district, case.summary), (self.fia, self.lahore, SECRET_STORY)
        )
        self.assertEqual(case.members.get().person.name_roman, "Demo Sana")
        row = AuditLog.objects.get(event="report-triaged")
        self.assertEqual(row.extra, {"outcome": "case", "case_id": case.pk})
        # The cases app's own audit rows were written by its action, in the same transaction.
        self.assertTrue(
            AuditLog.objects.filter(event="record-created", object_id=str(case.pk)).exists()
        )

    def test_the_sender_sees_a_plain_status_never_the_link(self):
        self.decide(self.fia_supervisor, "case", person_name="Demo Sana")
        case = Case.objects.get()
        page = self.client.post("/help/report/status/", {"code": self.code}).content.decode()
        self.assertIn("Action taken", page)
        for secret in (case.reference, "seen", "/cases/", "Demo Sana"):
            self.assertNotIn(secret, page)

    def test_an_investigation_is_opened_through_the_justice_app(self):
        report = self.decide(self.fia_investigator, "investigation")
        investigation = Investigation.objects.get()
        self.assertEqual(report.investigation, investigation)
        self.assertEqual(
            (investigation.agency, investigation.complaint_number, investigation.complaint_date),
            (self.fia, f"PUBLIC-{report.pk}", report.received_on),
        )
        self.assertTrue(AuditLog.objects.filter(event="investigation-opened").exists())

    def test_a_check_goes_to_ad_screening_without_the_senders_story(self):
        report = self.decide(self.fia_investigator, "screening")
        batch = AdBatch.objects.get()
        self.assertEqual((report.ad_batch, batch.agency), (batch, self.fia))
        self.assertIn("Demo Overseas Ltd", batch.payload)
        self.assertIn("0300-0000012", batch.payload)
        self.assertNotIn("Rashid", batch.payload)  # the story stays in the report

    def test_a_role_that_cannot_act_there_gets_a_clear_refusal_and_nothing_is_saved(self):
        with self.assertRaises(ValidationError) as refused:
            self.decide(self.fia_case_worker, "investigation")
        self.assertIn("cannot open an investigation", " ".join(refused.exception.messages))
        self.assertUndecided()

    def test_a_failing_target_leaves_nothing_half_done(self):
        # The case cannot open (no name): no person, no case, no decision, no audit row.
        with self.assertRaises(ValidationError):
            self.decide(self.fia_supervisor, "case", person_name=" ")
        self.assertUndecided()
        self.assertFalse(Person.objects.exists())

    def test_another_agencys_staff_can_neither_decide_nor_open(self):
        for user in (self.ngo_supervisor, self.ngo_investigator, self.ngo_case_worker):
            for outcome in ("case", "investigation", "screening", "no-action"):
                with self.assertRaises(RecordNotFound):
                    self.decide(user, outcome, person_name="Demo Sana")
        self.assertUndecided()
        self.assertFalse(AdBatch.objects.exists())

    def test_a_second_decision_is_refused(self):
        self.decide(self.fia_investigator, "investigation")
        with self.assertRaises(ValidationError) as refused:
            self.decide(self.fia_supervisor, "case", person_name="Demo Sana")
        self.assertIn("already decided", " ".join(refused.exception.messages))
        self.assertEqual(Investigation.objects.count(), 1)
        self.assertFalse(Case.objects.exists())

    def test_the_page_links_staff_to_what_was_opened(self):
        self.sign_in(self.fia_investigator)
        response = self.client.post(
            f"/intake/{self.obj.pk}/decide/", {"outcome": "investigation", "note": "to circle"}
        )
        self.assertEqual(response.status_code, 302)
        page = self.client.get(f"/intake/{self.obj.pk}/")
        self.assertContains(page, reverse("justice:detail", args=[Investigation.objects.get().pk]))

    def test_the_page_shows_the_refusal_in_the_form(self):
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            f"/intake/{self.obj.pk}/decide/", {"outcome": "investigation", "note": "to circle"}
        )
        self.assertContains(response, "cannot open an investigation", status_code=400)

    def assertUndecided(self):
        self.obj.refresh_from_db()
        self.assertEqual((self.obj.triage_outcome, self.obj.status), ("", "received"))
        self.assertEqual((self.obj.case, self.obj.investigation, self.obj.ad_batch), (None,) * 3)
        self.assertFalse(AuditLog.objects.filter(event="report-triaged").exists())
        self.assertFalse(Case.objects.exists())
        self.assertFalse(Investigation.objects.exists())
