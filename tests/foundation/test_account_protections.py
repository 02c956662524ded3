"""Protections of the accounts actions that no earlier test held in place: each test here
failed when its protection was removed (the mutation checks of issue 9, items 2 and 8)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from rihai.accounts import actions
from rihai.accounts.access import RecordNotFound
from rihai.accounts.models import EnrolmentCode, Role, RolePermission, User
from rihai.accounts.permissions import Scope
from rihai.accounts.two_factor import matching_enrolment_code
from rihai.audit.models import AuditLog
from tests.base import RihaiTestCase, make_user

from .test_admin_escalation import AdminTestCase

PASSWORD = "test-pass-123456"


def every_audit_value() -> str:
    return str(list(AuditLog.objects.values_list("extra", flat=True)))


class ApproverTest(RihaiTestCase):
    def account_admin_role(self, scope=Scope.ALL) -> Role:
        """A role that manages accounts but is not the administrator role."""
        role = Role.objects.create(code="account-admin", name="Account administrator")
        RolePermission.objects.bulk_create(
            [
                RolePermission(role=role, resource=r, action=a, scope=scope)
                for r in ("user", "agency")
                for a in ("view", "create", "change")
            ]
        )
        return role

    def test_the_approver_never_holds_the_role_whose_grants_widen(self):
        self.account_admin_role()
        holder = make_user(self.ngo, "account-admin", username="ngo-account-admin")
        role = Role.objects.get(code="account-admin")
        before = {*map(tuple, role.grants.values_list("resource", "action", "scope"))}
        request = actions.do_change_role(
            role=role,
            acting_user=self.fia_administrator,
            grants=before | {("case", "view", Scope.ALL)},
        ).request
        with self.assertRaises(ValidationError):
            actions.do_approve_request(request=request, acting_user=holder)
        self.assertFalse(role.grants.filter(resource="case").exists())
        request.refresh_from_db()
        self.assertEqual(request.status, "pending")

    def test_the_approver_must_be_able_to_change_the_user_concerned(self):
        self.account_admin_role(scope=Scope.AGENCY)
        narrow = make_user(self.fia, "account-admin", username="fia-account-admin")
        request = actions.do_request_password_reset(
            user=self.ngo_case_worker, acting_user=self.ngo_administrator
        )
        with self.assertRaises(RecordNotFound):
            actions.do_approve_request(request=request, acting_user=narrow)
        self.ngo_case_worker.refresh_from_db()
        self.assertTrue(self.ngo_case_worker.check_password(PASSWORD))

    def test_a_deactivated_administrator_can_neither_file_nor_approve(self):
        request = actions.do_request_password_reset(
            user=self.ngo_case_worker, acting_user=self.fia_administrator
        )
        User.objects.filter(pk=self.ngo_administrator.pk).update(is_active=False)
        self.ngo_administrator.refresh_from_db()
        with self.assertRaises((PermissionDenied, RecordNotFound)):
            actions.do_approve_request(request=request, acting_user=self.ngo_administrator)
        with self.assertRaises((PermissionDenied, RecordNotFound)):
            actions.do_request_password_reset(
                user=self.fia_case_worker, acting_user=self.ngo_administrator
            )

    def test_widening_a_personal_data_grants_scope_needs_approval(self):
        role = Role.objects.get(code="case-worker")
        grants = {*map(tuple, role.grants.values_list("resource", "action", "scope"))}
        wider = {(r, a, Scope.ALL if (r, a) == ("case", "view") else s) for r, a, s in grants}
        outcome = actions.do_change_role(
            role=role, acting_user=self.fia_administrator, grants=wider
        )
        self.assertIsNotNone(outcome.request)
        self.assertEqual(role.grants.get(resource="case", action="view").scope, Scope.OWN)
        actions.do_approve_request(request=outcome.request, acting_user=self.ngo_administrator)
        self.assertEqual(role.grants.get(resource="case", action="view").scope, Scope.ALL)
        row = AuditLog.objects.filter(event="role-changed").latest("id")
        self.assertEqual(
            (row.extra["added"], row.extra["removed"]), (["case.view.4"], ["case.view.1"])
        )

    def test_staff_follows_the_administrator_role_only(self):
        outcome = actions.do_change_user(
            user=self.ngo_analyst,
            acting_user=self.fia_administrator,
            role=Role.objects.get(code="supervisor"),
        )
        actions.do_approve_request(request=outcome.request, acting_user=self.ngo_administrator)
        self.ngo_analyst.refresh_from_db()
        self.assertEqual(self.ngo_analyst.role.code, "supervisor")
        self.assertFalse(self.ngo_analyst.is_staff)


class ResetEndsSessionsTest(AdminTestCase):
    def test_an_approved_password_reset_ends_the_users_sessions(self):
        from django.test import Client

        victim = Client()
        victim.force_login(self.ngo_case_worker)
        self.assertEqual(victim.get("/").status_code, 200)
        request = actions.do_request_password_reset(
            user=self.ngo_case_worker, acting_user=self.fia_administrator
        )
        actions.do_approve_request(request=request, acting_user=self.ngo_administrator)
        self.assertIn("/accounts/login/", victim.get("/")["Location"])


class NoSecretsInTheAuditTest(RihaiTestCase):
    def test_an_enrolment_code_is_never_in_the_audit_log(self):
        _record, code = actions.do_issue_enrolment_code(
            user=self.fia_investigator, acting_user=self.fia_administrator
        )
        values = every_audit_value()
        self.assertNotIn(code, values)
        self.assertNotIn(code.replace("-", ""), values)

    def test_staff_names_and_email_addresses_are_named_by_field_only(self):
        actions.do_change_user(
            user=self.ngo_analyst,
            acting_user=self.fia_administrator,
            first_name="Zarqa",
            email="zarqa@example.org",
        )
        row = AuditLog.objects.filter(event="user-changed").latest("id")
        self.assertEqual(row.extra["fields"], ["email", "first_name"])
        self.assertNotIn("Zarqa", every_audit_value())
        self.assertNotIn("zarqa@example.org", every_audit_value())

    def test_deactivation_and_role_settings_carry_old_and_new_values(self):
        actions.do_deactivate_user(user=self.ngo_analyst, acting_user=self.fia_administrator)
        row = AuditLog.objects.filter(event="user-changed").latest("id")
        self.assertEqual((row.extra["is_active_from"], row.extra["is_active_to"]), (True, False))
        actions.do_change_role(
            role=Role.objects.get(code="analyst"),
            acting_user=self.fia_administrator,
            requires_mfa=True,
        )
        row = AuditLog.objects.filter(event="role-changed").latest("id")
        self.assertEqual(
            (row.extra["role"], row.extra["requires_mfa_from"], row.extra["requires_mfa_to"]),
            ("analyst", False, True),
        )


class EnrolmentCodeRulesTest(RihaiTestCase):
    def test_a_new_code_ends_the_earlier_ones(self):
        _first, old = actions.do_issue_enrolment_code(
            user=self.fia_investigator, acting_user=self.fia_administrator
        )
        _second, new = actions.do_issue_enrolment_code(
            user=self.fia_investigator, acting_user=self.fia_supervisor
        )
        self.assertIsNone(matching_enrolment_code(self.fia_investigator, old))
        self.assertIsNotNone(matching_enrolment_code(self.fia_investigator, new))

    def test_no_code_for_a_user_who_has_a_device(self):
        TOTPDevice.objects.create(user=self.fia_investigator, name="phone", confirmed=True)
        with self.assertRaises(ValidationError):
            actions.do_issue_enrolment_code(
                user=self.fia_investigator, acting_user=self.fia_administrator
            )
        self.assertFalse(EnrolmentCode.objects.exists())

    def enrolment(self):
        record, _code = actions.do_issue_enrolment_code(
            user=self.fia_investigator, acting_user=self.fia_administrator
        )
        device = TOTPDevice.objects.create(user=self.fia_investigator, name="new", confirmed=False)
        return record, device

    def test_the_action_refuses_a_second_device(self):
        record, device = self.enrolment()
        TOTPDevice.objects.create(user=self.fia_investigator, name="first", confirmed=True)
        with self.assertRaises(ValidationError):
            actions.do_enrol_device(
                device=device, enrolment_code=record, acting_user=self.fia_investigator
            )
        device.refresh_from_db()
        self.assertFalse(device.confirmed)

    def test_the_action_refuses_a_code_that_expired_after_it_was_typed(self):
        record, device = self.enrolment()
        EnrolmentCode.objects.filter(pk=record.pk).update(
            expires_on=timezone.now() - timedelta(seconds=1)
        )
        with self.assertRaises(ValidationError):
            actions.do_enrol_device(
                device=device, enrolment_code=record, acting_user=self.fia_investigator
            )
        device.refresh_from_db()
        self.assertFalse(device.confirmed)


class AdminSiteTest(RihaiTestCase):
    def test_a_staff_flag_without_the_administrator_role_does_not_open_the_admin(self):
        User.objects.filter(pk=self.fia_supervisor.pk).update(is_staff=True)
        self.fia_supervisor.refresh_from_db()
        self.sign_in(self.fia_supervisor)
        response = self.client.get("/admin/accounts/user/")
        self.assertNotEqual(response.status_code, 200)

    @override_settings(RIHAI_ENFORCE_MFA=True)
    def test_the_admin_needs_the_second_factor_even_if_the_role_no_longer_asks(self):
        # Another administrator switched two-factor off for the administrator role.
        Role.objects.filter(code="administrator").update(requires_mfa=False)
        self.client.force_login(self.fia_administrator)  # no device, not verified
        self.assertEqual(self.client.get("/").status_code, 200)
        response = self.client.get("/admin/accounts/user/")
        self.assertNotEqual(response.status_code, 200)


class AgencyAdminTest(AdminTestCase):
    def test_an_agency_saved_in_the_admin_goes_through_the_action(self):
        self.sign_in(self.fia_administrator)
        agency = self.ngo
        response = self.client.post(
            f"/admin/accounts/agency/{agency.pk}/change/",
            {
                "name": agency.name,
                "name_ur": agency.name_ur,
                "code": agency.code,
                "agency_type": agency.agency_type,
                "province": agency.province_id,
                "district": agency.district_id or "",
                # is_active left out: switched off
            },
        )
        self.assertEqual(response.status_code, 302)
        agency.refresh_from_db()
        self.assertFalse(agency.is_active)
        row = AuditLog.objects.get(event="agency-changed", object_id=str(agency.pk))
        self.assertEqual(
            (row.acting_user, row.extra["is_active_from"], row.extra["is_active_to"]),
            (self.fia_administrator, True, False),
        )


class ApproverCannotAlsoEnrolTest(RihaiTestCase):
    """The approver of a reset is shown the new password; if they could also issue the
    enrolment code they alone would hold the account (a new supervisor's, say)."""

    def test_the_approver_who_saw_the_password_issues_no_enrolment_code(self):
        outcome = actions.do_change_user(
            user=self.ngo_analyst,
            acting_user=self.fia_administrator,
            role=Role.objects.get(code="supervisor"),
        )
        approval = actions.do_approve_request(
            request=outcome.request, acting_user=self.ngo_administrator
        )
        self.assertIsNotNone(approval.temporary_password)
        with self.assertRaises(ValidationError):
            actions.do_issue_enrolment_code(
                user=self.ngo_analyst, acting_user=self.ngo_administrator
            )
        self.assertFalse(EnrolmentCode.objects.filter(user=self.ngo_analyst).exists())
        # The requester (who never saw the password) may.
        actions.do_issue_enrolment_code(user=self.ngo_analyst, acting_user=self.fia_administrator)

    def test_once_the_user_chose_their_own_password_the_approver_may_issue(self):
        request = actions.do_request_password_reset(
            user=self.ngo_investigator, acting_user=self.fia_administrator
        )
        password = actions.do_approve_request(
            request=request, acting_user=self.ngo_administrator
        ).temporary_password
        actions.do_change_own_password(
            acting_user=self.ngo_investigator,
            old_password=password,
            new_password="only-the-user-knows-1",
        )
        actions.do_issue_enrolment_code(
            user=self.ngo_investigator, acting_user=self.ngo_administrator
        )

    def test_an_administrator_issues_no_code_to_themselves(self):
        with self.assertRaises(RecordNotFound):
            actions.do_issue_enrolment_code(
                user=self.fia_administrator, acting_user=self.fia_administrator
            )
        self.assertFalse(EnrolmentCode.objects.exists())
