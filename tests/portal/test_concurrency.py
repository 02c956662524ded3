"""Reports and their triage under concurrent use, on PostgreSQL (threads, each with its own
connection): submissions at the same moment all land, each with its own code and audit row;
two colleagues deciding one report at the same moment: one wins, the other is told so, and
nothing is opened twice."""

import threading
import time
from unittest import mock, skipUnless

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import TransactionTestCase

from rihai.portal import actions, triage
from rihai.portal.models import Report


def _world():
    """TransactionTestCase may start from a flushed database: the roles, a province and the
    audit chain's head are made again here (idempotent)."""
    from rihai.accounts.models import Agency, Role, RolePermission
    from rihai.accounts.roles import install_default_roles
    from rihai.audit.models import AuditChainHead
    from rihai.geo.models import Province
    from tests.base import make_user

    install_default_roles(Role, RolePermission)
    AuditChainHead.objects.get_or_create(id=1)
    punjab, _created = Province.objects.get_or_create(
        iso_code="PK-PB", defaults={"code": "PK6", "name_en": "Punjab", "name_ur": "پنجاب"}
    )
    fia = Agency.objects.create(
        name="Race FIA", code="PFIA", agency_type="fia-ahtc", province=punjab
    )
    return fia, [make_user(fia, "investigator", username=f"pinv-{i}") for i in (1, 2)]


def _run_together(calls) -> list[str]:
    """Runs each call in its own thread, released at once; 'ok', the refusal, or the error."""
    barrier = threading.Barrier(len(calls))
    results = []

    def run(call):
        try:
            barrier.wait()
            call()
            results.append("ok")
        except ValidationError as exc:
            results.append(" ".join(exc.messages))
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            results.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _submit():
    return actions.do_submit_report(
        kind="abroad", urgent=False, district=None, what_happened="Demo: an agent took a fee."
    )


@skipUnless(connection.vendor == "postgresql", "needs a server database; SQLite is one connection")
class ReportRaceTest(TransactionTestCase):
    def setUp(self):
        self.fia, self.staff = _world()

    def test_simultaneous_submissions_all_land_with_their_own_code_and_audit_row(self):
        from rihai.audit.models import AuditLog

        results = _run_together([_submit] * 8)
        self.assertEqual(results, ["ok"] * 8)
        self.assertEqual(Report.objects.count(), 8)
        self.assertEqual(len(set(Report.objects.values_list("code_bidx", flat=True))), 8)
        self.assertEqual(AuditLog.objects.filter(event="report-received").count(), 8)

    def test_two_colleagues_deciding_at_once_one_wins_the_other_is_told(self):
        from rihai.justice.models import Investigation

        report, _code = _submit()
        real_open_for = triage.open_for

        def slow_open_for(*args, **kwargs):
            # Hold the report's lock a moment, so the second decision arrives while it is held.
            opened = real_open_for(*args, **kwargs)
            time.sleep(0.5)
            return opened

        def decide(user):
            return lambda: actions.do_triage_report(
                report=report, outcome="investigation", note="seen", acting_user=user
            )

        with mock.patch.object(triage, "open_for", slow_open_for):
            results = _run_together([decide(u) for u in self.staff])
        self.assertEqual(sorted(results)[1], "ok", results)
        self.assertIn("already decided", sorted(results)[0])
        self.assertEqual(Investigation.objects.count(), 1)
        report.refresh_from_db()
        self.assertEqual(report.investigation, Investigation.objects.get())

    def test_two_colleagues_taking_at_once_one_wins(self):
        report, _code = _submit()
        results = _run_together(
            [
                lambda u=user: actions.do_take_report(report=report, acting_user=u)
                for user in self.staff
            ]
        )
        self.assertEqual(sorted(results)[1], "ok", results)
        self.assertIn("already looking", sorted(results)[0])
