"""Two administrators deciding one request at the same moment, and one enrolment code used
twice at once: each takes effect once (PostgreSQL; in-memory SQLite is one connection)."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import TransactionTestCase
from django_otp.plugins.otp_totp.models import TOTPDevice

from rihai.accounts import actions
from rihai.accounts.models import Agency, AgencyType, Role, RolePermission, User
from rihai.accounts.roles import install_default_roles
from rihai.audit.models import AuditChainHead, AuditLog
from rihai.geo.models import Province


class ConcurrentApprovalTest(TransactionTestCase):
    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("needs a server database; in-memory SQLite is one connection")
        AuditChainHead.objects.get_or_create(id=1)  # TransactionTestCase flushed migration rows
        install_default_roles(Role, RolePermission)
        province = Province.objects.create(
            code="PKT", iso_code="PK-TT", name_en="Test province", name_ur="صوبہ"
        )
        agency = Agency.objects.create(
            name="Test agency", code="TA", agency_type=AgencyType.NGO, province=province
        )
        admin = Role.objects.get(code="administrator")
        self.admins = [
            User.objects.create_user(
                username=f"admin-{n}", agency=agency, role=admin, is_staff=True
            )
            for n in range(3)
        ]
        self.worker = User.objects.create_user(
            username="worker", agency=agency, role=Role.objects.get(code="case-worker")
        )

    def test_one_request_is_applied_once(self):
        request = actions.do_request_password_reset(user=self.worker, acting_user=self.admins[0])
        start = threading.Barrier(2)
        outcomes = []

        def approve(approver):
            try:
                start.wait()
                actions.do_approve_request(request=request, acting_user=approver)
                outcomes.append("approved")
            except ValidationError:
                outcomes.append("refused")
            except Exception as exc:  # noqa: BLE001 - reported below
                outcomes.append(repr(exc))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=approve, args=(a,)) for a in self.admins[1:]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(outcomes), ["approved", "refused"])
        self.assertEqual(AuditLog.objects.filter(event="password-reset").count(), 1)

    def race(self, *calls):
        """Runs each call in its own thread and connection, started together."""
        start = threading.Barrier(len(calls))
        outcomes = []

        def run(call):
            try:
                start.wait()
                call()
                outcomes.append("done")
            except ValidationError:
                outcomes.append("refused")
            except Exception as exc:  # noqa: BLE001 - reported below
                outcomes.append(repr(exc))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(c,)) for c in calls]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sorted(outcomes)

    def test_approve_and_reject_at_once_decide_once(self):
        request = actions.do_request_two_factor_reset(user=self.worker, acting_user=self.admins[0])
        outcomes = self.race(
            lambda: actions.do_approve_request(request=request, acting_user=self.admins[1]),
            lambda: actions.do_reject_request(request=request, acting_user=self.admins[2]),
        )
        self.assertEqual(outcomes, ["done", "refused"])
        decided = AuditLog.objects.filter(event__in=["access-approved", "access-rejected"])
        self.assertEqual(decided.count(), 1)

    def test_one_enrolment_code_enrols_one_device(self):
        record, _code = actions.do_issue_enrolment_code(
            user=self.worker, acting_user=self.admins[0]
        )
        devices = [
            TOTPDevice.objects.create(user=self.worker, name=f"phone-{n}", confirmed=False)
            for n in range(2)
        ]
        outcomes = self.race(
            *[
                (
                    lambda d=d: actions.do_enrol_device(
                        device=d, enrolment_code=record, acting_user=self.worker
                    )
                )
                for d in devices
            ]
        )
        self.assertEqual(outcomes, ["done", "refused"])
        self.assertEqual(TOTPDevice.objects.filter(user=self.worker, confirmed=True).count(), 1)
        self.assertEqual(AuditLog.objects.filter(event="mfa-enrolled").count(), 1)
