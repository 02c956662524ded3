"""The administrator as attacker: each hole the hardening review found, tried through the admin.

Every test fails if the protection it names is removed (see docs/security.md, Administrators).
"""

from django_otp.plugins.otp_totp.models import TOTPDevice

from rihai.accounts.models import AccessRequest, Role, RolePermission, User
from rihai.audit.models import AuditLog
from tests.base import RihaiTestCase

PASSWORD = "test-pass-123456"


def user_form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "agency": user.agency_id or "",
        "role": user.role_id or "",
        "sex": user.sex,
        "preferred_language": user.preferred_language,
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return data


class AdminTestCase(RihaiTestCase):
    def approve_in_admin(self, approver, request_id):
        self.client.logout()
        self.sign_in(approver)
        return self.client.post(
            "/admin/accounts/accessrequest/",
            {"action": "approve", "_selected_action": [request_id], "index": 0},
        )


class PasswordResetTest(AdminTestCase):
    def test_admin_cannot_set_another_users_password(self):
        attacker, victim = self.fia_administrator, self.ngo_case_worker
        self.sign_in(attacker)
        url = f"/admin/accounts/user/{victim.pk}/password/"
        page = self.client.get(url)
        self.assertNotContains(page, 'name="password1"')
        self.client.post(
            url, {"password1": "attacker-chosen-9876", "password2": "attacker-chosen-9876"}
        )
        victim.refresh_from_db()
        self.assertTrue(victim.check_password(PASSWORD))
        self.assertFalse(victim.check_password("attacker-chosen-9876"))
        request = AccessRequest.objects.get(target_user=victim)
        self.assertEqual((request.kind, request.status), ("reset-password", "pending"))
        self.assertTrue(
            AuditLog.objects.filter(event="access-requested", acting_user=attacker).exists()
        )

    def test_requester_cannot_approve_their_own_reset(self):
        attacker, victim = self.fia_administrator, self.ngo_case_worker
        self.sign_in(attacker)
        self.client.post(f"/admin/accounts/user/{victim.pk}/password/")
        request = AccessRequest.objects.get(target_user=victim)
        self.approve_in_admin(attacker, request.pk)
        request.refresh_from_db()
        self.assertEqual(request.status, "pending")
        victim.refresh_from_db()
        self.assertTrue(victim.check_password(PASSWORD))

    def test_second_administrator_approves_and_alone_sees_a_random_password(self):
        self.sign_in(self.fia_administrator)
        self.client.post(f"/admin/accounts/user/{self.ngo_case_worker.pk}/password/")
        request = AccessRequest.objects.get(target_user=self.ngo_case_worker)
        response = self.approve_in_admin(self.ngo_administrator, request.pk)
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        password = response.context["results"][0].temporary_password
        self.assertContains(response, password)
        self.ngo_case_worker.refresh_from_db()
        self.assertTrue(self.ngo_case_worker.check_password(password))
        row = AuditLog.objects.get(event="password-reset")
        self.assertEqual(row.acting_user, self.ngo_administrator)
        every_row = str(list(AuditLog.objects.values_list("extra", flat=True)))
        self.assertNotIn(password, every_row)
        self.assertNotIn(self.ngo_case_worker.password, every_row)
        # Random, so the requester cannot know it: a second reset gives another one.
        self.assertGreaterEqual(len(password), 20)
        self.client.logout()
        self.sign_in(self.fia_administrator)
        self.client.post(f"/admin/accounts/user/{self.ngo_case_worker.pk}/password/")
        again = AccessRequest.objects.filter(target_user=self.ngo_case_worker).latest("id")
        response = self.approve_in_admin(self.ngo_administrator, again.pk)
        self.assertNotEqual(response.context["results"][0].temporary_password, password)

    def test_own_password_in_admin_goes_to_the_normal_page(self):
        self.sign_in(self.fia_administrator)
        response = self.client.get(f"/admin/accounts/user/{self.fia_administrator.pk}/password/")
        self.assertEqual(response["Location"], "/accounts/password/")


class OwnPrivilegesTest(AdminTestCase):
    def test_admin_cannot_raise_own_privileges_in_one_save(self):
        attacker = self.fia_administrator
        self.sign_in(attacker)
        form = user_form(
            attacker,
            role=Role.objects.get(code="supervisor").pk,
            agency=self.ngo.pk,
            is_superuser="on",
            is_staff="on",
        )
        self.client.post(f"/admin/accounts/user/{attacker.pk}/change/", form)
        attacker.refresh_from_db()
        self.assertEqual(
            (attacker.role.code, attacker.agency_id, attacker.is_superuser),
            ("administrator", self.fia.pk, False),
        )
        self.assertFalse(AccessRequest.objects.filter(target_user=attacker).exists())
        self.assertEqual(self.client.get("/cases/").status_code, 403)

    def test_superuser_and_staff_flags_are_not_in_the_admin_form(self):
        self.sign_in(self.fia_administrator)
        page = self.client.get(f"/admin/accounts/user/{self.ngo_analyst.pk}/change/")
        self.assertEqual(page.status_code, 200)
        for field in ("is_superuser", "is_staff", "user_permissions", "groups"):
            self.assertNotContains(page, f'name="{field}"')
        self.client.post(
            f"/admin/accounts/user/{self.ngo_analyst.pk}/change/",
            user_form(self.ngo_analyst, is_superuser="on", is_staff="on"),
        )
        self.ngo_analyst.refresh_from_db()
        self.assertFalse(self.ngo_analyst.is_superuser or self.ngo_analyst.is_staff)

    def test_admin_cannot_change_the_grants_of_their_own_role(self):
        self.sign_in(self.fia_administrator)
        role = Role.objects.get(code="administrator")
        before = set(RolePermission.objects.filter(role=role).values_list("id", flat=True))
        grants = list(RolePermission.objects.filter(role=role))
        data = {
            "name": role.name,
            "name_ur": role.name_ur,
            "requires_mfa": "on",
            "grants-TOTAL_FORMS": len(grants) + 1,
            "grants-INITIAL_FORMS": len(grants),
            "grants-MIN_NUM_FORMS": 0,
            "grants-MAX_NUM_FORMS": 1000,
        }
        for i, grant in enumerate(grants):
            data.update(
                {
                    f"grants-{i}-id": grant.pk,
                    f"grants-{i}-role": role.pk,
                    f"grants-{i}-resource": grant.resource,
                    f"grants-{i}-action": grant.action,
                    f"grants-{i}-scope": grant.scope,
                }
            )
        n = len(grants)
        data.update(  # not personal data: refused only because it is the admin's own role
            {
                f"grants-{n}-role": role.pk,
                f"grants-{n}-resource": "audit",
                f"grants-{n}-action": "view",
                f"grants-{n}-scope": 4,
            }
        )
        self.client.post(f"/admin/accounts/role/{role.pk}/change/", data)
        after = set(RolePermission.objects.filter(role=role).values_list("id", flat=True))
        self.assertEqual(before, after)
        self.assertFalse(AccessRequest.objects.filter(target_role=role).exists())


class PersonalDataRolesTest(AdminTestCase):
    def test_giving_a_role_that_reaches_personal_data_waits_for_a_second_admin(self):
        analyst, case_worker = self.ngo_analyst, Role.objects.get(code="case-worker")
        self.sign_in(self.fia_administrator)
        self.client.post(
            f"/admin/accounts/user/{analyst.pk}/change/", user_form(analyst, role=case_worker.pk)
        )
        analyst.refresh_from_db()
        self.assertEqual(analyst.role.code, "analyst")
        request = AccessRequest.objects.get(target_user=analyst, kind="change-access")
        self.approve_in_admin(self.ngo_administrator, request.pk)
        analyst.refresh_from_db()
        self.assertEqual(analyst.role.code, "case-worker")
        row = AuditLog.objects.filter(event="user-changed", object_id=str(analyst.pk)).latest("id")
        self.assertEqual(
            (row.extra["role_from"], row.extra["role_to"], row.acting_user),
            ("analyst", "case-worker", self.ngo_administrator),
        )

    def test_taking_access_away_applies_at_once_with_old_and_new_values(self):
        self.sign_in(self.fia_administrator)
        analyst = Role.objects.get(code="analyst")
        self.client.post(
            f"/admin/accounts/user/{self.ngo_case_worker.pk}/change/",
            user_form(self.ngo_case_worker, role=analyst.pk),
        )
        self.ngo_case_worker.refresh_from_db()
        self.assertEqual(self.ngo_case_worker.role.code, "analyst")
        row = AuditLog.objects.filter(event="user-changed").latest("id")
        self.assertEqual((row.extra["role_from"], row.extra["role_to"]), ("case-worker", "analyst"))

    def test_a_new_case_worker_has_no_role_until_approved(self):
        self.sign_in(self.fia_administrator)
        response = self.client.post(
            "/admin/accounts/user/add/",
            {
                "username": "new-worker",
                "password1": "a-long-enough-pass-4321",
                "password2": "a-long-enough-pass-4321",
                "first_name": "New",
                "last_name": "Worker",
                "agency": self.ngo.pk,
                "role": Role.objects.get(code="case-worker").pk,
                "sex": "female",
            },
        )
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        created = User.objects.get(username="new-worker")
        self.assertIsNone(created.role)
        self.assertTrue(
            AccessRequest.objects.filter(
                target_user=created, kind="change-access", status="pending"
            ).exists()
        )
        # On approval the creator's chosen password stops working: the approver hands over a
        # random one, so the creator cannot sign in as the new case worker.
        request = AccessRequest.objects.get(target_user=created)
        response = self.approve_in_admin(self.ngo_administrator, request.pk)
        created.refresh_from_db()
        self.assertEqual(created.role.code, "case-worker")
        self.assertFalse(created.check_password("a-long-enough-pass-4321"))
        self.assertTrue(created.check_password(response.context["results"][0].temporary_password))

    def test_adding_a_personal_data_grant_to_a_role_waits_for_approval(self):
        role = Role.objects.get(code="analyst")
        self.sign_in(self.fia_administrator)
        grants = list(RolePermission.objects.filter(role=role))
        n = len(grants)
        data = {
            "name": role.name,
            "name_ur": role.name_ur,
            "grants-TOTAL_FORMS": n + 1,
            "grants-INITIAL_FORMS": n,
            "grants-MIN_NUM_FORMS": 0,
            "grants-MAX_NUM_FORMS": 1000,
            f"grants-{n}-role": role.pk,
            f"grants-{n}-resource": "case",
            f"grants-{n}-action": "view",
            f"grants-{n}-scope": 4,
        }
        for i, grant in enumerate(grants):
            data.update(
                {
                    f"grants-{i}-id": grant.pk,
                    f"grants-{i}-role": role.pk,
                    f"grants-{i}-resource": grant.resource,
                    f"grants-{i}-action": grant.action,
                    f"grants-{i}-scope": grant.scope,
                }
            )
        self.client.post(f"/admin/accounts/role/{role.pk}/change/", data)
        self.assertFalse(RolePermission.objects.filter(role=role, resource="case").exists())
        request = AccessRequest.objects.get(target_role=role, kind="change-grants")
        self.approve_in_admin(self.ngo_administrator, request.pk)
        self.assertTrue(
            RolePermission.objects.filter(role=role, resource="case", action="view").exists()
        )
        row = AuditLog.objects.filter(event="role-changed").latest("id")
        self.assertEqual(row.extra["added"], ["case.view.4"])


class TwoFactorDevicesTest(AdminTestCase):
    def test_device_admin_is_gone_even_for_a_superuser(self):
        device = TOTPDevice.objects.create(user=self.ngo_case_worker, name="phone", confirmed=True)
        for user in (self.fia_administrator, self.fia_supervisor):
            if user is self.fia_supervisor:
                User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
                user.refresh_from_db()
            self.sign_in(user)
            self.assertEqual(self.client.get("/admin/otp_totp/totpdevice/").status_code, 404)
            self.assertEqual(
                self.client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").status_code,
                404,
            )
            page = self.client.get(f"/admin/accounts/user/{self.ngo_case_worker.pk}/change/")
            self.assertNotContains(page, device.key, status_code=page.status_code)

    def test_two_factor_reset_needs_a_second_administrator(self):
        victim = self.ngo_investigator
        TOTPDevice.objects.create(user=victim, name="phone", confirmed=True)
        self.sign_in(self.fia_administrator)
        self.client.post(
            "/admin/accounts/user/",
            {"action": "request_two_factor_reset", "_selected_action": [victim.pk], "index": 0},
        )
        self.assertTrue(TOTPDevice.objects.filter(user=victim).exists())
        request = AccessRequest.objects.get(target_user=victim, kind="reset-two-factor")
        self.approve_in_admin(self.fia_administrator, request.pk)  # the requester: refused
        self.assertTrue(TOTPDevice.objects.filter(user=victim).exists())
        self.approve_in_admin(self.ngo_administrator, request.pk)
        self.assertFalse(TOTPDevice.objects.filter(user=victim).exists())
        row = AuditLog.objects.get(event="mfa-reset")
        self.assertEqual(
            (row.acting_user, row.object_id, row.extra),
            (self.ngo_administrator, str(victim.pk), {"devices_removed": 1}),
        )


class RequestsPageTest(AdminTestCase):
    def test_only_administrators_see_the_requests(self):
        url = "/admin/accounts/accessrequest/"
        self.assertRefused(url, [None, self.fia_supervisor, self.fia_auditor, self.ngo_case_worker])
        self.assertAllowed(url, [self.fia_administrator, self.ngo_administrator])
