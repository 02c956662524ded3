"""A purge racing a write (PostgreSQL): a record that gains a hold, or is named in a new
investigation, while the purge is under way is not anonymised.

The write (``do_place_hold``; ``do_accuse_suspect``) runs up to its audit row and is held
open there, its rows written and locked; the purge, planned before the write, then reaches
the same suspect. It must wait for the write's transaction and, once it has the row, see what
was written and leave the record alone. Seen failing: with the hold read before the lock
(hold race), and with neither the purge nor the rule asking again after the lock had waited
(accusation race: the locking statement's subquery still reads the old snapshot).
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
        officer = self.officer = make_user(self.agency, "investigator", username="pr-io")
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

    def race(self, module, write) -> dict:
        """Runs ``write`` in a thread, held open just after its audit row (its rows written
        and locked, not committed), then the purge of the planned suspect in another thread;
        releases the write once the purge waits, and returns what each did."""
        rule_plan = next(p for p in plan() if p.rule.code == "justice.suspect")
        self.assertEqual(rule_plan.due, [str(self.suspect.pk)])  # planned before the write

        in_write, release, outcome = threading.Event(), threading.Event(), {}
        real_audit = module.record_audit

        def audit_then_wait(**kwargs):
            row = real_audit(**kwargs)
            in_write.set()
            release.wait(timeout=20)
            return row

        def writer():
            try:
                with mock.patch.object(module, "record_audit", audit_then_wait):
                    write()
                outcome["write"] = "done"
            except Exception as error:  # noqa: BLE001 - asserted below
                outcome["write"] = error
            finally:
                connections.close_all()

        def purge():
            try:
                outcome["purged"] = dispose_one(rule_plan, str(self.suspect.pk))
            except Exception as error:  # noqa: BLE001 - asserted below
                outcome["purged"] = error
            finally:
                connections.close_all()

        first = threading.Thread(target=writer)
        first.start()
        self.assertTrue(in_write.wait(timeout=20))
        second = threading.Thread(target=purge)
        second.start()
        time.sleep(0.5)  # the purge is now waiting for the suspect's row
        self.assertTrue(second.is_alive(), "the purge did not wait for the write's lock")
        release.set()
        first.join(timeout=30)
        second.join(timeout=30)
        return outcome

    def test_a_hold_placed_while_the_purge_runs_keeps_the_record(self):
        outcome = self.race(
            ops_actions,
            lambda: ops_actions.do_place_hold(
                record_type="justice.suspect",
                object_id=self.suspect.pk,
                reason="FIR 11/2027 names him again",
                acting_user=self.supervisor,
            ),
        )
        self.assertEqual(outcome, {"write": "done", "purged": False})
        self.assertEqual(Suspect.objects.get(pk=self.suspect.pk).name_roman, "Race Demo")
        self.assertTrue(LegalHold.objects.filter(object_id=str(self.suspect.pk)).exists())
        self.assertIsNone(verify_chain())

    def test_a_suspect_named_in_a_new_investigation_while_the_purge_runs_is_kept(self):
        from rihai.justice.actions import suspects as suspect_actions

        open_case = Investigation.objects.create(
            agency=self.agency,
            reference="PR-2",
            complaint_number="PR-2",
            complaint_date=date.today(),
            investigating_officer=self.officer,
            stage_since=date.today(),
            created_by=self.officer,
        )
        outcome = self.race(
            suspect_actions,
            lambda: suspect_actions.do_accuse_suspect(
                investigation=open_case, suspect=self.suspect, acting_user=self.officer
            ),
        )
        self.assertEqual(outcome, {"write": "done", "purged": False})
        self.assertEqual(Suspect.objects.get(pk=self.suspect.pk).name_roman, "Race Demo")
        self.assertIsNone(verify_chain())
