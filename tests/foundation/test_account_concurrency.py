"""Two administrators approving one request at the same moment: it is applied once."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import TransactionTestCase

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
