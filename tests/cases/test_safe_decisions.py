"""Decisions made safe (issue 11 item 3): no dangerous default, a confirmation that says what
will happen, a reason for a refusal and a notification to the person waiting, a message
after every action, forms that keep their input, an empty interview refused."""

from django.core import mail
from django.test import override_settings

from rihai.cases import actions
from rihai.cases.models import Consent, StatusChange
from rihai.core.models import Notification

from .helpers import CaseTestCase

TRAFFICKED = {
    "d1.nature": True,
    "d1.wages": True,
    "d4.hours": True,
    "d4.low_pay": True,
    "d5.documents": True,
    "d5.violence": True,
}


class StatusSelectTest(CaseTestCase):
    def options(self, case):
        page = self.client.get(f"/cases/{case.pk}/").content.decode()
        select = page[
            page.index('name="to_status"') : page.index("</select>", page.index('name="to_status"'))
        ]
        return select

    def test_no_option_is_preselected_and_the_first_is_empty(self):
        case = self.case()
        self.sign_in(self.fia_case_worker)
        select = self.options(case)
        self.assertEqual(select.count("selected"), 1)
        self.assertIn('value="" selected', select)
        self.assertLess(select.index('value=""'), select.index('value="presumed"'))
        # The workflow's order, not an unordered set's: presumed before not-a-victim before closed.
        self.assertLess(select.index('value="presumed"'), select.index('value="not-victim"'))
        self.assertLess(select.index('value="not-victim"'), select.index('value="closed"'))

    def test_the_screening_recommendation_is_preselected(self):
        case = self.case()
        person = case.members.get().person
        assessment = actions.do_record_screening(
            case=case, person=person, answers=TRAFFICKED, acting_user=self.fia_case_worker
        )
        self.sign_in(self.fia_case_worker)
        select = self.options(case)
        self.assertEqual(assessment.recommendation, "presumed-victim")
        self.assertIn('value="presumed" selected', select)
        self.assertNotIn('value="closed" selected', select)

    def test_an_empty_choice_is_refused_and_changes_nothing(self):
        case = self.case()
        self.sign_in(self.fia_case_worker)
        page = self.client.post(f"/cases/{case.pk}/status/", {"to_status": "", "reason": "x"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "This field is required")
        self.assertContains(page, "x</textarea>")  # what was typed stays
        self.assertFalse(case.status_changes.exists())

    def test_not_a_victim_is_confirmed_on_the_server(self):
        case = self.case()
        self.sign_in(self.fia_case_worker)
        asked = {"to_status": "not-victim", "reason": "no indicators"}
        page = self.client.post(f"/cases/{case.pk}/status/", asked)
        self.assertContains(page, "not a victim of trafficking")
        self.assertFalse(case.status_changes.exists())
        page = self.client.post(
            f"/cases/{case.pk}/status/", {**asked, "confirmed": "1"}, follow=True
        )
        self.assertEqual(case.status_changes.get().to_status, "not-victim")
        self.assertContains(page, "Sent for approval")

    def test_a_move_needing_no_confirmation_says_what_happened(self):
        case = self.case()
        self.sign_in(self.fia_case_worker)
        page = self.client.post(f"/cases/{case.pk}/status/", {"to_status": "presumed"}, follow=True)
        self.assertContains(page, "Status changed to")


class RejectionTest(CaseTestCase):
    def request_closure(self, case):
        return actions.do_request_status_change(
            case=case, to_status="closed", reason="moved abroad", acting_user=self.fia_case_worker
        )

    def test_a_rejection_without_reason_is_refused(self):
        case = self.case()
        change = self.request_closure(case)
        self.sign_in(self.fia_supervisor)
        page = self.client.post(f"/cases/{case.pk}/status/{change.pk}/decide/", {"approve": "0"})
        self.assertContains(page, "Give the reason for rejecting this request.")
        change.refresh_from_db()
        self.assertEqual(change.decision, "pending")
        self.assertFalse(Notification.objects.exists())

    def test_the_action_refuses_it_too(self):
        case = self.case()
        change = self.request_closure(case)
        with self.assertRaisesMessage(Exception, "reason"):
            actions.do_decide_status_change(
                change=change, approve=False, acting_user=self.fia_supervisor
            )
        change.refresh_from_db()
        self.assertEqual(change.decision, "pending")

    @override_settings(RIHAI_NOTIFY_BY_EMAIL=True)
    def test_the_requester_is_notified_and_reads_the_reason(self):
        self.fia_case_worker.email = "worker@example.org"
        self.fia_case_worker.save(update_fields=["email"])
        case = self.case()
        change = self.request_closure(case)
        self.sign_in(self.fia_supervisor)
        with self.captureOnCommitCallbacks(execute=True):
            page = self.client.post(
                f"/cases/{case.pk}/status/{change.pk}/decide/",
                {"approve": "0", "reason": "Family tracing not finished"},
                follow=True,
            )
        self.assertContains(page, "The requester was notified")
        note = Notification.objects.get()
        self.assertEqual(
            (note.recipient, note.kind, note.target_type, note.target_id),
            (self.fia_case_worker, "status-rejected", "cases.case", case.pk),
        )
        # The e-mail says that something waits, never what: no reason, no name, no reference.
        self.assertEqual(len(mail.outbox), 1)
        self.assertNotIn("Family tracing", mail.outbox[0].body)
        self.assertNotIn(case.reference, mail.outbox[0].body)

        self.sign_in(self.fia_case_worker)
        home = self.client.get("/").content.decode()
        self.assertIn('class="badge count"', home)
        listing = self.client.get("/notifications/")
        self.assertContains(listing, "rejected")
        opened = self.client.post("/notifications/read/", {"id": note.pk})
        self.assertRedirects(opened, f"/cases/{case.pk}/")
        self.assertContains(self.client.get(f"/cases/{case.pk}/"), "Family tracing not finished")
        note.refresh_from_db()
        self.assertIsNotNone(note.read)
        self.assertNotIn('class="badge count"', self.client.get("/").content.decode())

    def test_another_users_notification_cannot_be_opened(self):
        case = self.case()
        change = self.request_closure(case)
        actions.do_decide_status_change(
            change=change, approve=True, acting_user=self.fia_supervisor, reason=""
        )
        note = Notification.objects.get(recipient=self.fia_case_worker)
        self.sign_in(self.fia_analyst)
        self.assertEqual(self.client.post("/notifications/read/", {"id": note.pk}).status_code, 404)
        note.refresh_from_db()
        self.assertIsNone(note.read)


class ConsentAndInterviewTest(CaseTestCase):
    def test_consent_errors_keep_what_was_typed(self):
        case = self.case()
        person = case.members.get().person
        self.sign_in(self.fia_case_worker)
        page = self.client.post(
            f"/cases/{case.pk}/consents/",
            {
                "person": person.pk,
                "recipient": self.ngo.pk,
                "purpose": "not-a-purpose",
                "guardian_name": "Rashida Guardian",
            },
        )
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'value="Rashida Guardian"')
        self.assertContains(page, "<details open>")
        self.assertFalse(case.consents.exists())

    def test_revoking_asks_first(self):
        case = self.case()
        person = case.members.get().person
        consent = actions.do_record_consent(
            case=case,
            person=person,
            recipient=self.ngo,
            purpose="shelter",
            acting_user=self.fia_case_worker,
        )
        url = f"/cases/{case.pk}/consents/{consent.pk}/revoke/"
        self.sign_in(self.fia_case_worker)
        page = self.client.post(url)
        self.assertContains(page, "What was already shared stays with them")
        self.assertIsNone(Consent.objects.get(pk=consent.pk).revoked_on)
        page = self.client.post(url, {"confirmed": "1"}, follow=True)
        self.assertIsNotNone(Consent.objects.get(pk=consent.pk).revoked_on)
        self.assertContains(page, "The consent was revoked.")

    def test_an_empty_interview_is_refused_not_saved_as_insufficient(self):
        case = self.case()
        person = case.members.get().person
        self.sign_in(self.fia_case_worker)
        page = self.client.post(f"/cases/{case.pk}/screening/", {"person": person.pk})
        self.assertContains(page, "The interview is empty")
        self.assertFalse(case.assessments.exists())
        self.client.post(f"/cases/{case.pk}/screening/", {"person": person.pk, "none_apply": "yes"})
        self.assertEqual(case.assessments.get().recommendation, "insufficient")

    def test_the_action_refuses_an_empty_interview(self):
        case = self.case()
        with self.assertRaisesMessage(Exception, "empty"):
            actions.do_record_screening(
                case=case,
                person=case.members.get().person,
                answers={},
                acting_user=self.fia_case_worker,
            )
        self.assertFalse(StatusChange.objects.exists() or case.assessments.exists())


class ApiRejectionTest(CaseTestCase):
    def test_the_api_needs_a_reason_to_reject_and_notifies(self):
        case = self.case()
        change = actions.do_request_status_change(
            case=case, to_status="closed", reason="moved abroad", acting_user=self.fia_case_worker
        )
        url = f"/api/cases/{case.pk}/status/{change.pk}/decision/"
        self.sign_in(self.fia_supervisor)
        refused = self.client.post(url, {"approve": False}, content_type="application/json")
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(StatusChange.objects.get(pk=change.pk).decision, "pending")
        done = self.client.post(
            url, {"approve": False, "reason": "Not yet"}, content_type="application/json"
        )
        self.assertEqual(done.status_code, 200)
        self.assertEqual(StatusChange.objects.get(pk=change.pk).decision_reason, "Not yet")
        self.assertEqual(Notification.objects.get().kind, "status-rejected")
