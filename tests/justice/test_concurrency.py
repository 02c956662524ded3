"""Concurrent writes on PostgreSQL: the row locks in the actions keep stages and references
consistent when two officers act at once."""

import threading
from datetime import date
from unittest import skipUnless

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import TransactionTestCase

from rihai.accounts.models import Agency, AgencyType
from rihai.audit.models import AuditChainHead
from rihai.geo.models import Province
from rihai.justice import actions
from rihai.justice.models import Investigation, StageEvent
from tests.base import make_user


@skipUnless(
    connection.vendor == "postgresql", "needs a server database; in-memory SQLite is one connection"
)
class ConcurrentJusticeWritesTest(TransactionTestCase):
    def setUp(self):
        # A TransactionTestCase may start after another one flushed the migrations' data:
        # put back what these tests need (each step is idempotent).
        from rihai.accounts.models import Role, RolePermission
        from rihai.accounts.roles import install_default_roles
        from rihai.justice.catalogue import load_offences
        from rihai.justice.models import Offence, OffenceVersion

        AuditChainHead.objects.get_or_create(id=1)
        install_default_roles(Role, RolePermission)
        load_offences(Offence, OffenceVersion)
        province, _ = Province.objects.get_or_create(
            iso_code="PK-PB", defaults={"code": "PK6", "name_en": "Punjab", "name_ur": "پنجاب"}
        )
        self.agency = Agency.objects.create(
            name="Concurrency FIA Demo",
            code="CFIA",
            agency_type=AgencyType.FIA_AHTC,
            province=province,
        )
        self.officers = [
            make_user(self.agency, "investigator", username=f"cfia-io-{n}") for n in range(4)
        ]

    def _race(self, work, count):
        barrier = threading.Barrier(count)
        results, errors = [], []

        def run(n):
            try:
                barrier.wait()
                results.append(work(n))
            except Exception as exc:  # noqa: BLE001 - asserted below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results, errors

    def test_two_officers_recording_the_fir_at_once_record_it_once(self):
        inv = actions.do_open_investigation(
            acting_user=self.officers[0], complaint_number="C-RACE", complaint_date=date(2024, 3, 1)
        )

        def record(n):
            return actions.do_record_stage(
                investigation=inv,
                stage="fir",
                on=date(2024, 3, 5),
                fir_number=f"{n}/24",
                acting_user=self.officers[n],
            )

        results, errors = self._race(record, 2)
        self.assertEqual(len(results), 1)
        self.assertEqual(len(errors), 1)
        self.assertIsInstance(errors[0], ValidationError)  # "next stage can only be", not a crash
        self.assertEqual(StageEvent.objects.filter(investigation=inv, stage="fir").count(), 1)

    def test_parallel_openings_get_distinct_references(self):
        def open_one(n):
            return actions.do_open_investigation(
                acting_user=self.officers[n],
                complaint_number=f"C-{n}",
                complaint_date=date(2024, 3, 1),
            ).reference

        results, errors = self._race(open_one, 4)
        self.assertEqual(errors, [])
        self.assertEqual(len(set(results)), 4)
        self.assertEqual(Investigation.objects.filter(agency=self.agency).count(), 4)

    def test_sixteen_openings_through_the_api_at_once_get_sixteen_references(self):
        from tests.cases.concurrent import at_once, signed_in_client

        clients = [signed_in_client(self.officers[n % 4]) for n in range(16)]
        body = {"complaint_date": "2024-03-01", "offence_codes": ["ptpa-3-1"]}
        answers, errors = at_once(
            [
                lambda c=c, n=n: c.post(
                    "/api/investigations/",
                    {**body, "complaint_number": f"C-{n}"},
                    "application/json",
                )
                for n, c in enumerate(clients)
            ]
        )
        self.assertEqual(errors, [])
        self.assertEqual([a.status_code for a in answers], [201] * 16, answers)
        references = {a.json()["reference"] for a in answers}
        self.assertEqual(len(references), 16)
        year = date.today().year
        self.assertEqual(sorted(references), [f"CFIA-INV-{year}-{n:05d}" for n in range(1, 17)])

    def test_one_idempotency_key_sent_four_times_at_once_opens_one_investigation(self):
        from tests.cases.concurrent import at_once, signed_in_client

        clients = [signed_in_client(self.officers[0]) for _n in range(4)]
        body = {"complaint_number": "C-1", "complaint_date": "2024-03-01"}
        answers, errors = at_once(
            [
                lambda c=c: c.post(
                    "/api/investigations/", body, "application/json", HTTP_IDEMPOTENCY_KEY="once"
                )
                for c in clients
            ]
        )
        self.assertEqual(errors, [])
        self.assertEqual([a.status_code for a in answers], [201] * 4, answers)
        self.assertEqual(len({a.json()["id"] for a in answers}), 1)
        self.assertEqual(Investigation.objects.filter(agency=self.agency).count(), 1)
        self.assertEqual(sum(a.get("Idempotent-Replayed") == "true" for a in answers), 3)

    def test_opening_does_not_wait_for_a_transaction_holding_the_agency_row(self):
        # An edit of the agency (its name, say) holds its row; opening an investigation used to
        # lock that row to number it and queued behind it. Now only the counter row is locked.
        held, release = threading.Event(), threading.Event()

        def hold_agency():
            try:
                from django.db import transaction

                with transaction.atomic():
                    Agency.objects.select_for_update(no_key=True).get(pk=self.agency.pk)
                    held.set()
                    release.wait(10)
            finally:
                connections.close_all()

        holder = threading.Thread(target=hold_agency)
        holder.start()
        try:
            self.assertTrue(held.wait(10))
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            try:
                opened = actions.do_open_investigation(
                    acting_user=self.officers[0],
                    complaint_number="C-HELD",
                    complaint_date=date(2024, 3, 1),
                )
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("RESET lock_timeout")
            self.assertTrue(opened.reference.endswith("-00001"))
        finally:
            release.set()
            holder.join()
