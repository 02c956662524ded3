"""The first two-factor enrolment needs a one-time code from an administrator or supervisor."""

from datetime import timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from rihai.accounts.access import RecordNotFound
from rihai.accounts.actions import do_issue_enrolment_code
from rihai.accounts.models import EnrolmentCode
from rihai.audit.models import AuditLog
from tests.base import RihaiTestCase

from .test_signin import current_code

SETUP = "/accounts/two-factor/setup/"


class EnrolmentWithoutCodeTest(RihaiTestCase):
    def test_password_alone_does_not_reveal_a_secret_or_enrol_a_device(self):
        self.client.force_login(self.fia_supervisor)  # the attacker knows the password
        page = self.client.get(SETUP)
        self.assertNotContains(page, "data:image/svg+xml")
        self.assertContains(page, 'name="enrolment_code"')
        self.assertFalse(TOTPDevice.objects.filter(user=self.fia_supervisor).exists())
        self.client.post(SETUP, {"token": "123456"})
        self.assertFalse(TOTPDevice.objects.filter(user=self.fia_supervisor).exists())

    def test_a_wrong_code_is_refused_and_audited(self):
        do_issue_enrolment_code(user=self.fia_supervisor, acting_user=self.fia_administrator)
        self.client.force_login(self.fia_supervisor)
        page = self.client.post(SETUP, {"enrolment_code": "AAAA-BBBB-CCCC"})
        self.assertContains(page, "not valid")
        self.assertNotContains(page, "data:image/svg+xml")
        self.assertTrue(
            AuditLog.objects.filter(event="mfa-failed", acting_user=self.fia_supervisor).exists()
        )

    def test_an_expired_code_is_refused(self):
        record, code = do_issue_enrolment_code(
            user=self.fia_supervisor, acting_user=self.fia_administrator
        )
        EnrolmentCode.objects.filter(pk=record.pk).update(
            expires_on=timezone.now() - timedelta(seconds=1)
        )
        self.client.force_login(self.fia_supervisor)
        self.assertContains(self.client.post(SETUP, {"enrolment_code": code}), "not valid")

    def test_a_code_is_for_one_user_only(self):
        _record, code = do_issue_enrolment_code(
            user=self.fia_investigator, acting_user=self.fia_administrator
        )
        self.client.force_login(self.fia_supervisor)
        self.assertContains(self.client.post(SETUP, {"enrolment_code": code}), "not valid")


class EnrolmentWithCodeTest(RihaiTestCase):
    def enrol(self, user, code):
        self.client.force_login(user)
        self.client.post(SETUP, {"enrolment_code": code})
        self.assertContains(self.client.get(SETUP), "data:image/svg+xml")
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        return device, self.client.post(SETUP, {"token": current_code(device)})

    def test_the_code_works_once_and_is_stored_hashed(self):
        record, code = do_issue_enrolment_code(
            user=self.fia_supervisor, acting_user=self.fia_administrator
        )
        self.assertNotIn(code.replace("-", ""), record.code_hash)
        device, response = self.enrol(self.fia_supervisor, code)
        self.assertEqual(response.status_code, 302)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        record.refresh_from_db()
        self.assertIsNotNone(record.used_on)
        row = AuditLog.objects.filter(event="mfa-enrolled").latest("id")
        self.assertEqual((row.acting_user, row.extra["code"]), (self.fia_supervisor, record.pk))
        # After a reset the same code cannot enrol again.
        TOTPDevice.objects.filter(user=self.fia_supervisor).delete()
        self.client.logout()
        self.client.force_login(self.fia_supervisor)
        self.assertContains(self.client.post(SETUP, {"enrolment_code": code}), "not valid")

    def test_the_secret_is_not_shown_once_enrolled(self):
        _record, code = do_issue_enrolment_code(
            user=self.fia_supervisor, acting_user=self.fia_administrator
        )
        device, _response = self.enrol(self.fia_supervisor, code)
        page = self.client.get(SETUP, follow=True)
        self.assertNotContains(page, "data:image/svg+xml")
        self.assertNotContains(page, device.key)


class WhoMayIssueTest(RihaiTestCase):
    def test_supervisor_issues_for_own_agency_only(self):
        _record, code = do_issue_enrolment_code(
            user=self.fia_investigator, acting_user=self.fia_supervisor
        )
        self.assertEqual(len(code), 14)
        with self.assertRaises(RecordNotFound):
            do_issue_enrolment_code(user=self.ngo_investigator, acting_user=self.fia_supervisor)

    def test_others_cannot_issue_nor_issue_to_themselves(self):
        for issuer in (self.fia_case_worker, self.fia_analyst, self.fia_auditor):
            with self.assertRaises(RecordNotFound):
                do_issue_enrolment_code(user=self.fia_investigator, acting_user=issuer)
        with self.assertRaises(RecordNotFound):
            do_issue_enrolment_code(user=self.fia_supervisor, acting_user=self.fia_supervisor)

    def test_issuing_page_shows_the_code_once_and_audits_it(self):
        self.sign_in(self.fia_supervisor)
        page = self.client.get("/accounts/two-factor/codes/")
        self.assertContains(page, self.fia_investigator.username)
        self.assertNotContains(page, self.ngo_investigator.username)
        response = self.client.post(
            "/accounts/two-factor/codes/", {"user": self.fia_investigator.pk}
        )
        self.assertIn("no-store", response["Cache-Control"])
        record = EnrolmentCode.objects.get(user=self.fia_investigator)
        self.assertContains(response, 'class="secret"')
        row = AuditLog.objects.get(event="enrolment-code-issued")
        self.assertEqual((row.acting_user, row.extra["code"]), (self.fia_supervisor, record.pk))
        refused = self.client.post(
            "/accounts/two-factor/codes/", {"user": self.ngo_investigator.pk}
        )
        self.assertFalse(EnrolmentCode.objects.filter(user=self.ngo_investigator).exists())
        self.assertEqual(refused.status_code, 200)

    def test_case_worker_cannot_open_the_issuing_page(self):
        self.assertRefused("/accounts/two-factor/codes/", [None, self.fia_case_worker])
