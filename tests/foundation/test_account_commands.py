"""The server operators' commands: audited with interface "cli"."""

import re
from io import StringIO

from django.core.management import CommandError, call_command

from rihai.accounts import actions
from rihai.accounts.models import AccessRequest, EnrolmentCode, User
from rihai.audit.models import AuditLog
from tests.base import RihaiTestCase


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class CommandTest(RihaiTestCase):
    def test_create_agency_admin_prints_password_and_enrolment_code_once(self):
        output = run("create_agency_admin", "--agency", "tngo", "--username", "ngo-admin-2")
        user = User.objects.get(username="ngo-admin-2")
        password = re.search(r"first password: (\S+)", output).group(1)
        self.assertTrue(user.check_password(password))
        self.assertEqual(
            (user.role.code, user.agency, user.is_staff), ("administrator", self.ngo, True)
        )
        self.assertEqual(EnrolmentCode.objects.filter(user=user).count(), 1)
        rows = AuditLog.objects.filter(object_id=str(user.pk), object_type="accounts.user")
        self.assertEqual(
            {(r.event, r.interface) for r in rows},
            {("user-created", "cli"), ("enrolment-code-issued", "cli")},
        )
        self.assertNotIn(password, str(list(AuditLog.objects.values_list("extra", flat=True))))

    def test_create_superuser_audited(self):
        run("create_superuser_audited", "--agency", "TFIA", "--username", "root")
        user = User.objects.get(username="root")
        self.assertTrue(user.is_superuser)
        self.assertTrue(
            AuditLog.objects.filter(event="superuser-created", interface="cli").exists()
        )

    def test_approve_request_from_the_server_where_no_second_admin_exists(self):
        request = actions.do_request_password_reset(
            user=self.ngo_case_worker, acting_user=self.fia_administrator
        )
        listing = run("approve_request")
        self.assertIn(f"#{request.pk} reset-password", listing)
        output = run("approve_request", str(request.pk))
        password = re.search(r"one-time password: (\S+)", output).group(1)
        self.ngo_case_worker.refresh_from_db()
        self.assertTrue(self.ngo_case_worker.check_password(password))
        row = AuditLog.objects.get(event="access-approved")
        self.assertEqual((row.interface, row.acting_user), ("cli", None))
        self.assertEqual(AccessRequest.objects.get(pk=request.pk).status, "approved")
        with self.assertRaises(CommandError):
            run("approve_request", str(request.pk))  # already decided

    def test_reject_and_issue_code_from_the_server(self):
        request = actions.do_request_two_factor_reset(
            user=self.ngo_investigator, acting_user=self.fia_administrator
        )
        run("approve_request", str(request.pk), "--reject")
        self.assertEqual(AccessRequest.objects.get(pk=request.pk).status, "rejected")
        output = run("issue_enrolment_code", self.ngo_investigator.username)
        self.assertRegex(output, r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")
        self.assertTrue(
            AuditLog.objects.filter(event="enrolment-code-issued", interface="cli").exists()
        )
