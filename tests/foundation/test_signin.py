"""Sign-in: audit of every attempt, lockout, two-factor enforced by role, password change."""

from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from rihai.accounts.actions import do_issue_enrolment_code
from rihai.audit.models import AuditLog
from tests.base import RihaiTestCase

PASSWORD = "test-pass-123456"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


class LoginTest(RihaiTestCase):
    def login(self, username, password):
        return self.client.post("/accounts/login/", {"username": username, "password": password})

    def test_successful_login_is_audited(self):
        response = self.login(self.fia_case_worker.username, PASSWORD)
        self.assertEqual(response.status_code, 302)
        row = AuditLog.objects.latest("id")
        self.assertEqual((row.event, row.acting_user), ("login", self.fia_case_worker))

    def test_failed_login_is_audited_without_the_password(self):
        response = self.login(self.fia_case_worker.username, "wrong-password-1")
        self.assertEqual(response.status_code, 200)
        # Failed sign-ins are counted per minute, then written to the chain (rihai.audit.denials).
        from rihai.audit.denials import flush_closed_buckets

        flush_closed_buckets(include_open=True)
        row = AuditLog.objects.latest("id")
        self.assertEqual(
            (row.event, row.object_id, row.extra["count"]),
            ("login-failed", str(self.fia_case_worker.pk), 1),
        )
        self.assertNotIn("wrong-password-1", str(row.extra))

    def test_lockout_after_five_failures(self):
        for _ in range(5):
            self.login(self.fia_case_worker.username, "wrong-password-1")
        response = self.login(self.fia_case_worker.username, PASSWORD)
        self.assertIn(response.status_code, (403, 429))
        self.assertContains(response, "Account locked", status_code=response.status_code)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_session_expires_when_idle(self):
        from django.conf import settings

        self.assertLessEqual(settings.SESSION_COOKIE_AGE, 60 * 60)
        # Renewed by activity (rihai/core/sessions.py), often enough to be exact to a minute.
        self.assertLessEqual(settings.SESSION_REFRESH_SECONDS, 120)
        self.assertIn("rihai.core.sessions.SessionRefreshMiddleware", settings.MIDDLEWARE)


class TwoFactorTest(RihaiTestCase):
    def test_role_requiring_mfa_is_sent_to_enrolment(self):
        self.client.force_login(self.fia_supervisor)
        response = self.client.get("/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/two-factor/setup/"))

    def test_api_refuses_unverified_user(self):
        self.client.force_login(self.fia_supervisor)
        self.assertEqual(self.client.get("/api/me/").status_code, 403)

    def test_role_not_requiring_mfa_goes_straight_in(self):
        self.client.force_login(self.fia_case_worker)
        self.assertEqual(self.client.get("/").status_code, 200)

    @override_settings(RIHAI_ENFORCE_MFA=False)
    def test_enforcement_can_be_switched_off_for_the_demo(self):
        self.client.force_login(self.fia_supervisor)
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_enrolment_with_a_valid_code_then_verification(self):
        _record, code = do_issue_enrolment_code(
            user=self.fia_supervisor, acting_user=self.fia_administrator
        )
        self.client.force_login(self.fia_supervisor)
        self.client.post("/accounts/two-factor/setup/", {"enrolment_code": code})
        page = self.client.get("/accounts/two-factor/setup/")
        self.assertContains(page, "data:image/svg+xml;base64,")
        device = TOTPDevice.objects.get(user=self.fia_supervisor, confirmed=False)
        bad = self.client.post(
            "/accounts/two-factor/setup/",
            {"token": "000000" if current_code(device) != "000000" else "111111"},
        )
        self.assertEqual(bad.status_code, 200)
        device.refresh_from_db()
        self.assertFalse(device.confirmed)
        device.throttle_reset()  # a wrong code throttles the device for a moment, by design
        ok = self.client.post("/accounts/two-factor/setup/", {"token": current_code(device)})
        self.assertEqual(ok.status_code, 302)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.assertEqual(self.client.get("/").status_code, 200)
        self.assertTrue(
            AuditLog.objects.filter(event="mfa-enrolled", acting_user=self.fia_supervisor).exists()
        )

    def test_user_with_device_must_verify_even_if_role_does_not_require_it(self):
        device = TOTPDevice.objects.create(user=self.fia_case_worker, name="phone", confirmed=True)
        self.client.force_login(self.fia_case_worker)
        self.assertTrue(self.client.get("/")["Location"].startswith("/accounts/two-factor/"))
        wrong = self.client.post("/accounts/two-factor/", {"token": "12345"})
        self.assertContains(wrong, "six digits")
        ok = self.client.post(
            "/accounts/two-factor/?next=/", {"token": current_code(device), "next": "/"}
        )
        self.assertEqual(ok["Location"], "/")
        self.assertEqual(self.client.get("/").status_code, 200)


class HalfSignedInTest(RihaiTestCase):
    def test_password_alone_cannot_change_the_password(self):
        # The attacker knows the password but not the second factor.
        TOTPDevice.objects.create(user=self.fia_investigator, name="phone", confirmed=True)
        self.client.post(
            "/accounts/login/", {"username": self.fia_investigator.username, "password": PASSWORD}
        )
        response = self.client.post(
            "/accounts/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "attacker-owns-it-now-1",
                "new_password2": "attacker-owns-it-now-1",
            },
        )
        self.assertTrue(response["Location"].startswith("/accounts/two-factor/"))
        self.fia_investigator.refresh_from_db()
        self.assertTrue(self.fia_investigator.check_password(PASSWORD))
        self.assertFalse(AuditLog.objects.filter(event="password-changed").exists())


class PasswordChangeTest(RihaiTestCase):
    def test_password_change_is_audited(self):
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            "/accounts/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "a-much-longer-pass-789",
                "new_password2": "a-much-longer-pass-789",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(AuditLog.objects.filter(event="password-changed").exists())
        self.fia_case_worker.refresh_from_db()
        self.assertTrue(self.fia_case_worker.check_password("a-much-longer-pass-789"))

    def test_short_password_is_refused(self):
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            "/accounts/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "short",
                "new_password2": "short",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(AuditLog.objects.filter(event="password-changed").exists())
