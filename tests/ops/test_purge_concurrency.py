"""A purge racing a hold (PostgreSQL): a record that gains a hold while the purge is under
way is not anonymised.

The hold's action locks the record, writes the hold, and is held open at its audit row; the
purge, planned before the hold existed, then reaches the same record. It must wait for the
hold's transaction and, once it has the row, see the hold and leave the record alone.
Checking holds before taking the row lock reads the uncommitted hold as absent (seen: with
the lock and the hold check swapped in ``dispose_one`` the suspect is anonymised).
"""

import threading
import time
from datetime import date, timedelta
from unittest import mock, skipUnless

from django.db import connection, connections
from django.test import TransactionTestCase

from rihai.accounts.models import Agency, AgencyType
from rihai.audit.chain import verify_chain
from rihai.audit.models import AuditChainHead
from rihai.geo.models import Province
from rihai.justice.models import Accused, Investigation, Suspect
from rihai.ops import actions as ops_actions
from rihai.ops.models import LegalHold
from rihai.ops.purge import dispose_one, plan
from tests.base import make_user


@skipUnless(
    connection.vendor == "postgresql", "needs a server database; in-memory SQLite is one connection"
)
class PurgeRacingAHoldTest(TransactionTestCase):
    def setUp(self):
        from rihai.accounts.models import Role, RolePermission
        from rihai.accounts.roles import install_default_roles

        AuditChainHead.objects.get_or_create(id=1)
        install_default_roles(Role, RolePermission)
        province, _ = Province.objects.get_or_create(
            iso_code="PK-PB", defaults={"code": "PK6", "name_en": "Punjab", "name_ur": "پنجاب"}
        )
        self.agency = Agency.objects.create(
            name="Purge Race FIA Demo",
            code="PRFIA",
            agency_type=AgencyType.FIA_AHTC,
            province=province,
        )
        officer = make_user(self.agency, "investigator", username="pr-io")
        self.supervisor = make_user(self.agency, "supervisor", username="pr-sup")
        judged = Investigation.objects.create(
            agency=self.agency,
            reference="PR-1",
            complaint_number="PR-1",
            complaint_date=date(2010, 1, 1),
            investigating_officer=officer,
            stage="judgment",
            stage_since=date(2014, 1, 1),
            outcome="conviction",
            outcome_date=date.today() - timedelta(days=11 * 365),
            created_by=officer,
        )
        self.suspect = Suspect.objects.create(
            agency=self.agency,
            kind="person",
            role="recruiter",
            name_roman="Race Demo",
            cnic="35202-7777777-7",
            created_by=officer,
        )
        Accused.objects.create(
            investigation=judged, suspect=self.suspect, status="convicted", added_by=officer
        )

    def test_a_hold_placed_while_the_purge_runs_keeps_the_record(self):
        rule_plan = next(p for p in plan() if p.rule.code == "justice.suspect")
        self.assertEqual(rule_plan.due, [str(self.suspect.pk)])  # planned before the hold

        in_hold, release, outcome = threading.Event(), threading.Event(), {}
        real_audit = ops_actions.record_audit

        def audit_then_wait(**kwargs):
            row = real_audit(**kwargs)
            in_hold.set()  # the suspect is locked and the hold written, not yet committed
            release.wait(timeout=20)
            return row

        def place():
            try:
                with mock.patch.object(ops_actions, "record_audit", audit_then_wait):
                    ops_actions.do_place_hold(
                        record_type="justice.suspect",
                        object_id=self.suspect.pk,
                        reason="FIR 11/2027 names him again",
                        acting_user=self.supervisor,
                    )
                outcome["hold"] = "placed"
            except Exception as error:  # noqa: BLE001 - asserted below
                outcome["hold"] = error
            finally:
                connections.close_all()

        def purge():
            try:
                outcome["purged"] = dispose_one(rule_plan, str(self.suspect.pk))
            except Exception as error:  # noqa: BLE001 - asserted below
                outcome["purged"] = error
            finally:
                connections.close_all()

        holder = threading.Thread(target=place)
        holder.start()
        self.assertTrue(in_hold.wait(timeout=20))
        purger = threading.Thread(target=purge)
        purger.start()
        time.sleep(0.5)  # the purge is now waiting for the suspect's row
        self.assertTrue(purger.is_alive(), "the purge did not wait for the hold's lock")
        release.set()
        holder.join(timeout=30)
        purger.join(timeout=30)

        self.assertEqual(outcome, {"hold": "placed", "purged": False})
        self.assertEqual(Suspect.objects.get(pk=self.suspect.pk).name_roman, "Race Demo")
        self.assertTrue(LegalHold.objects.filter(object_id=str(self.suspect.pk)).exists())
        self.assertIsNone(verify_chain())
