"""Actions lock the record they change: two supervisors deciding one request at the same moment
leave exactly one decision (PostgreSQL; in-memory SQLite is a single connection)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import TransactionTestCase

from rihai.accounts.models import Agency, AgencyType
from rihai.audit.models import AuditChainHead, AuditLog
from rihai.cases import actions
from rihai.cases.models import StatusChange
from rihai.geo.models import Province
from tests.base import make_user

pytestmark = pytest.mark.postgres


class ConcurrentDecisionTest(TransactionTestCase):
    serialized_rollback = True  # keep the roles and geography the migrations installed

    def test_two_deciders_at_once_make_one_decision(self):
        if connection.vendor != "postgresql":
            self.skipTest("needs a server database; in-memory SQLite is one connection")
        AuditChainHead.objects.get_or_create(id=1)
        agency = Agency.objects.create(
            name="Test FIA Lahore",
            code="TFIA",
            agency_type=AgencyType.FIA_AHTC,
            province=Province.objects.get(iso_code="PK-PB"),
        )
        worker = make_user(agency, "case-worker")
        deciders = [make_user(agency, "supervisor", username=f"sup-{n}") for n in range(2)]
        person = actions.do_register_person(
            acting_user=worker, name_roman="Samina Demo", sex="female"
        )
        case = actions.do_open_case(acting_user=worker, person=person)
        change = actions.do_request_status_change(
            case=case, to_status="closed", reason="Demo", acting_user=worker
        )
        barrier = threading.Barrier(2)
        outcomes, errors = [], []

        def decide(user, approve):
            try:
                barrier.wait()
                actions.do_decide_status_change(
                    change=change, approve=approve, acting_user=user, reason="Demo"
                )
                outcomes.append(approve)
            except ValidationError:
                outcomes.append("refused")
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=decide, args=(deciders[0], True)),
            threading.Thread(target=decide, args=(deciders[1], False)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(outcomes.count("refused"), 1, outcomes)
        decided = StatusChange.objects.get(pk=change.pk)
        case.refresh_from_db()
        self.assertEqual(case.status == "closed", decided.decision == "approved")
        self.assertEqual(
            AuditLog.objects.filter(
                event__in=["status-changed", "decision-recorded"],
                acting_user__in=deciders,
            ).count(),
            1,
        )
