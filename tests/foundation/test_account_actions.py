"""The accounts actions: scope re-checked on the locked row, nobody raises their own
privileges, the two-person rule, and audit rows with old and new values."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rihai.accounts import actions
from rihai.accounts.access import RecordNotFound
from rihai.accounts.models import AccessRequest, Role, RolePermission
from rihai.accounts.permissions import Scope
from rihai.audit.models import AuditLog
from rihai.core.request_context import acting_through
from tests.base import RihaiTestCase, make_user


class ScopeTest(RihaiTestCase):
    def narrow_admin(self):
        """An administrator whose user grant covers their own agency only."""
        role = Role.objects.create(code="agency-admin", name="Agency administrator")
        RolePermission.objects.bulk_create(
            [
                RolePermission(role=role, resource="user", action=a, scope=Scope.AGENCY)
                for a in ("view", "create", "change")
            ]
            + [RolePermission(role=role, resource="agency", action="view", scope=Scope.AGENCY)]
        )
        return make_user(self.fia, "agency-admin", username="fia-agency-admin")

    def test_another_agencys_user_is_not_found(self):
        admin = self.narrow_admin()
        with self.assertRaises(RecordNotFound):
            actions.do_change_user(user=self.ngo_case_worker, acting_user=admin, first_name="X")
        with self.assertRaises(RecordNotFound):
            actions.do_request_password_reset(user=self.ngo_case_worker, acting_user=admin)
        self.ngo_case_worker.refresh_from_db()
        self.assertEqual(self.ngo_case_worker.first_name, "Test")
        outcome = actions.do_change_user(
            user=self.fia_case_worker, acting_user=admin, first_name="Renamed"
        )
        self.assertEqual(outcome.record.first_name, "Renamed")

    def test_narrow_admin_cannot_create_users_in_another_agency(self):
        admin = self.narrow_admin()
        with self.assertRaises((RecordNotFound, PermissionDenied)):
            actions.do_create_user(
                acting_user=admin,
                username="planted",
                password="a-long-enough-pass-4321",
                agency=self.ngo,
                role=Role.objects.get(code="analyst"),
            )

    def test_users_without_the_grant_are_refused(self):
        for user in (self.fia_supervisor, self.fia_case_worker, self.fia_auditor):
            with self.assertRaises((PermissionDenied, RecordNotFound)):
                actions.do_change_user(user=self.fia_analyst, acting_user=user, first_name="X")

    def test_the_server_identity_is_refused_on_the_web(self):
        with acting_through("web"), self.assertRaises(PermissionDenied):
            actions.do_change_user(user=self.fia_analyst, acting_user=None, first_name="X")
        with acting_through("api"), self.assertRaises(PermissionDenied):
            actions.do_request_password_reset(user=self.fia_analyst, acting_user=None)


class OwnAccessTest(RihaiTestCase):
    def test_nobody_changes_their_own_role_agency_or_active_flag(self):
        admin = self.fia_administrator
        for change in (
            {"role": Role.objects.get(code="supervisor")},
            {"agency": self.ngo},
            {"is_active": False},
        ):
            with self.assertRaises(ValidationError):
                actions.do_change_user(user=admin, acting_user=admin, **change)
        admin.refresh_from_db()
        self.assertEqual((admin.role.code, admin.agency_id), ("administrator", self.fia.pk))

    def test_unknown_fields_such_as_is_superuser_are_refused(self):
        with self.assertRaises(ValidationError):
            actions.do_change_user(
                user=self.ngo_analyst, acting_user=self.fia_administrator, is_superuser=True
            )
        self.ngo_analyst.refresh_from_db()
        self.assertFalse(self.ngo_analyst.is_superuser)

    def test_no_reset_of_ones_own_password_or_device_through_a_request(self):
        for do in (actions.do_request_password_reset, actions.do_request_two_factor_reset):
            with self.assertRaises(ValidationError):
                do(user=self.fia_administrator, acting_user=self.fia_administrator)

    def test_a_request_about_me_cannot_be_approved_by_me(self):
        request = actions.do_request_password_reset(
            user=self.ngo_administrator, acting_user=self.fia_administrator
        )
        with self.assertRaises(ValidationError):
            actions.do_approve_request(request=request, acting_user=self.ngo_administrator)


class AdministratorRoleTest(RihaiTestCase):
    def test_administrator_role_never_holds_personal_data_grants_even_from_the_server(self):
        role = Role.objects.get(code="administrator")
        grants = {*map(tuple, role.grants.values_list("resource", "action", "scope"))}
        with acting_through("cli"), self.assertRaises(ValidationError):
            actions.do_change_role(
                role=role, acting_user=None, grants=grants | {("person", "view", 4)}
            )
        self.assertFalse(role.grants.filter(resource__in=["person", "case"]).exists())

    def test_giving_the_administrator_role_needs_approval(self):
        outcome = actions.do_change_user(
            user=self.ngo_analyst,
            acting_user=self.fia_administrator,
            role=Role.objects.get(code="administrator"),
        )
        self.assertIsNotNone(outcome.request)
        self.ngo_analyst.refresh_from_db()
        self.assertEqual(self.ngo_analyst.role.code, "analyst")
        actions.do_approve_request(request=outcome.request, acting_user=self.ngo_administrator)
        self.ngo_analyst.refresh_from_db()
        self.assertEqual(self.ngo_analyst.role.code, "administrator")
        self.assertTrue(self.ngo_analyst.is_staff)  # staff follows the role

    def test_superuser_is_made_only_from_the_command_line(self):
        with self.assertRaises(PermissionDenied):
            actions.do_create_superuser(
                acting_user=None,
                username="root",
                password="a-long-enough-pass-4321",
                agency=self.fia,
            )
        with acting_through("cli"):
            user = actions.do_create_superuser(
                acting_user=None,
                username="root",
                password="a-long-enough-pass-4321",
                agency=self.fia,
            )
        self.assertTrue(user.is_superuser)
        row = AuditLog.objects.get(event="superuser-created")
        self.assertEqual((row.interface, row.object_id), ("cli", str(user.pk)))


class ApprovalRulesTest(RihaiTestCase):
    def file(self):
        return actions.do_request_two_factor_reset(
            user=self.ngo_investigator, acting_user=self.fia_administrator
        )

    def test_the_requester_cannot_approve_and_the_database_agrees(self):
        request = self.file()
        with self.assertRaises(ValidationError):
            actions.do_approve_request(request=request, acting_user=self.fia_administrator)
        with self.assertRaises(IntegrityError), transaction.atomic():
            AccessRequest.objects.filter(pk=request.pk).update(
                status="approved", decided_by=self.fia_administrator
            )

    def test_an_expired_request_cannot_be_approved(self):
        request = self.file()
        AccessRequest.objects.filter(pk=request.pk).update(
            expires_on=timezone.now() - timedelta(seconds=1)
        )
        with self.assertRaises(ValidationError):
            actions.do_approve_request(request=request, acting_user=self.ngo_administrator)

    def test_a_decided_request_cannot_be_approved_again(self):
        request = self.file()
        actions.do_reject_request(request=request, acting_user=self.ngo_administrator)
        with self.assertRaises(ValidationError):
            actions.do_approve_request(request=request, acting_user=self.ngo_administrator)
        row = AuditLog.objects.get(event="access-rejected")
        self.assertEqual(
            (row.acting_user, row.object_id, row.extra),
            (
                self.ngo_administrator,
                str(request.pk),
                {"kind": "reset-two-factor", "requested_by": self.fia_administrator.pk},
            ),
        )

    def test_only_administrators_approve(self):
        request = self.file()
        for user in (self.ngo_supervisor, self.ngo_auditor, self.ngo_case_worker):
            with self.assertRaises((PermissionDenied, RecordNotFound)):
                actions.do_approve_request(request=request, acting_user=user)

    def test_approval_audit_names_requester_and_approver(self):
        request = self.file()
        actions.do_approve_request(request=request, acting_user=self.ngo_administrator)
        filed = AuditLog.objects.get(event="access-requested")
        approved = AuditLog.objects.get(event="access-approved")
        self.assertEqual(filed.acting_user, self.fia_administrator)
        self.assertEqual(
            (approved.acting_user, approved.extra["requested_by"]),
            (self.ngo_administrator, self.fia_administrator.pk),
        )


class AgencyActionsTest(RihaiTestCase):
    def test_agency_change_is_audited_with_old_and_new_values(self):
        actions.do_change_agency(
            agency=self.ngo, acting_user=self.fia_administrator, is_active=False, name="Renamed"
        )
        row = AuditLog.objects.filter(event="agency-changed").latest("id")
        self.assertEqual(row.extra["fields"], ["is_active", "name"])
        self.assertEqual((row.extra["is_active_from"], row.extra["is_active_to"]), (True, False))
        self.assertNotIn("Renamed", str(row.extra))

    def test_agency_change_needs_the_grant(self):
        with self.assertRaises(PermissionDenied):
            actions.do_change_agency(agency=self.ngo, acting_user=self.ngo_supervisor, name="X")


class RoleCreatedRowTest(RihaiTestCase):
    def test_the_row_names_the_role_and_its_two_factor_rule(self):
        outcome = actions.do_create_role(
            acting_user=self.fia_administrator, code="row-role", name="Row role", requires_mfa=False
        )
        row = AuditLog.objects.get(event="role-created")
        self.assertEqual(
            (row.acting_user, row.object_id, row.extra),
            (
                self.fia_administrator,
                str(outcome.record.pk),
                {"role": "row-role", "requires_mfa": False},
            ),
        )
