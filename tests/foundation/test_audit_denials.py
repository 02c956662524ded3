"""Refused requests and failed sign-ins leave a trace (hardening item 4), aggregated per minute.

Recorded: who, which kind of record (the URL's name), which id was asked for, how many times.
Not recorded: whether the record exists, or a typed username that is not a real account.
"""

import threading
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace
from unittest import mock, skipUnless
from urllib.parse import urlencode

from axes.models import AccessAttempt
from django.core.management import call_command
from django.db import connection, connections
from django.test import RequestFactory, TransactionTestCase, override_settings
from django.utils import timezone

from rihai.accounts.lockout import UNKNOWN_PREFIX
from rihai.audit import denials
from rihai.audit.chain import verify_chain
from rihai.audit.middleware import FORM, body_ids
from rihai.audit.models import AuditChainHead, AuditEvent, AuditLog, DenialBucket
from tests.cases.helpers import CaseTestCase


def denial_rows():
    return list(AuditLog.objects.filter(event=AuditEvent.ACCESS_DENIED).order_by("id"))


class RefusedRequestTest(CaseTestCase):
    def setUp(self):
        self.fia_case = self.case()  # a real FIA case: not the NGO's

    def flushed(self):
        denials.flush_closed_buckets(include_open=True)
        return denial_rows()

    def test_a_refused_page_records_who_which_kind_and_which_id(self):
        self.sign_in(self.ngo_case_worker)
        response = self.client.get(f"/cases/{self.fia_case.pk}/")
        self.assertEqual(response.status_code, 404)
        bucket = DenialBucket.objects.get()
        self.assertEqual(
            (bucket.user_id, bucket.kind, bucket.access, bucket.count, bucket.sample_ids),
            (self.ngo_case_worker.pk, "cases:detail", "read", 1, [str(self.fia_case.pk)]),
        )
        [row] = self.flushed()
        self.assertEqual(
            (row.acting_user, row.agency_id, row.object_type, row.object_id, row.interface),
            (self.ngo_case_worker, self.ngo.pk, "cases:detail", str(self.fia_case.pk), "web"),
        )
        self.assertEqual(
            (row.extra["count"], row.extra["sample_ids"], row.extra["access"]),
            (1, [str(self.fia_case.pk)], "read"),
        )
        self.assertFalse(DenialBucket.objects.exists())
        self.assertIsNone(verify_chain())

    def test_missing_and_not_yours_are_recorded_alike(self):
        self.sign_in(self.ngo_case_worker)
        missing_id = self.fia_case.pk + 10_000
        for case_id in (self.fia_case.pk, missing_id, self.fia_case.pk, missing_id):
            self.assertEqual(self.client.get(f"/cases/{case_id}/").status_code, 404)
        rows = self.flushed()
        self.assertLessEqual(len(rows), 2)  # 2 only if a minute ended between the requests
        self.assertEqual(sum(row.extra["count"] for row in rows), 4)
        self.assertEqual(
            {sample for row in rows for sample in row.extra["sample_ids"]},
            {str(self.fia_case.pk), str(missing_id)},
        )
        for row in rows:
            # Nothing in the row says which of the two ids exists.
            self.assertEqual(
                set(row.extra), {"count", "kind", "access", "window_start", "sample_ids"}
            )

    def test_a_refused_api_write_is_recorded_as_a_write(self):
        self.sign_in(self.ngo_case_worker)
        response = self.client.post(
            f"/api/cases/{self.fia_case.pk}/assign/", {}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 404)
        [row] = self.flushed()
        self.assertEqual(
            (row.object_type, row.extra["access"], row.interface, row.extra["sample_ids"]),
            ("api-case-assign", "write", "api", [str(self.fia_case.pk)]),
        )

    def test_a_403_is_recorded_like_a_404(self):
        # A service provider may not reveal identifiers: refused with 403, not 404.
        person = self.fia_case.members.get(role="primary").person
        self.sign_in(self.fia_service_provider)
        response = self.client.post(
            f"/api/persons/{person.pk}/reveal/", {"field": "cnic"}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 403)
        [row] = self.flushed()
        self.assertEqual(
            (row.acting_user, row.object_type, row.extra["access"], row.extra["sample_ids"]),
            (self.fia_service_provider, "api-person-reveal", "write", [str(person.pk)]),
        )

    def test_a_refused_write_naming_records_in_its_body_is_recorded(self):
        # The URL names no record; the body does (another agency's person, case).
        person = self.fia_case.members.get(role="primary").person
        self.sign_in(self.ngo_supervisor)
        for url, body in (
            ("/api/cases/", {"person_id": person.pk}),
            (
                "/api/transfers/",
                {"case_id": self.fia_case.pk, "to_agency_id": self.ngo.pk, "reason": "Demo"},
            ),
        ):
            response = self.client.post(url, body, content_type="application/json")
            self.assertEqual(response.status_code, 404, (url, response.content))
        rows = self.flushed()
        self.assertEqual(
            sorted(
                (row.object_type, row.extra["access"], *row.extra["sample_ids"]) for row in rows
            ),
            [
                ("api-cases", "write", f"person_id={person.pk}"),
                (
                    "api-transfers",
                    "write",
                    f"case_id={self.fia_case.pk}/to_agency_id={self.ngo.pk}",
                ),
            ],
        )

    def test_only_id_like_values_of_a_body_are_kept(self):
        body = urlencode({"case_id": "Samina\nDemo", "person_id": "7", "name": "Samina Demo"})
        request = RequestFactory().post("/", body, content_type=FORM)
        self.assertEqual(body_ids(request), ["case_id=?", "person_id=7"])

    def test_a_refused_write_without_any_id_is_recorded(self):
        self.sign_in(self.fia_analyst)  # no grant to open cases
        response = self.client.post("/api/cases/", {}, content_type="application/json")
        self.assertEqual(response.status_code, 403)
        [row] = self.flushed()
        self.assertEqual(
            (row.acting_user, row.object_type, row.extra["access"], row.extra["sample_ids"]),
            (self.fia_analyst, "api-cases", "write", []),
        )

    def test_every_id_of_a_nested_url_is_kept(self):
        self.sign_in(self.ngo_supervisor)
        self.client.post(f"/cases/{self.fia_case.pk}/status/77/decide/", {"decision": "approve"})
        [row] = self.flushed()
        self.assertEqual(row.extra["sample_ids"], [f"{self.fia_case.pk}/77"])

    def test_a_flood_becomes_one_row_with_its_count(self):
        self.sign_in(self.ngo_case_worker)
        for n in range(100):
            self.client.get(f"/api/cases/{self.fia_case.pk + n}/")
        rows = self.flushed()
        # A minute boundary may fall inside the loop: then two rows, never more.
        self.assertLessEqual(len(rows), 2)
        self.assertEqual(sum(row.extra["count"] for row in rows), 100)
        for row in rows:
            self.assertLessEqual(len(row.extra["sample_ids"]), 10)
        self.assertEqual(rows[0].extra["sample_ids"][0], str(self.fia_case.pk))

    def test_requests_without_a_record_id_or_a_user_are_not_counted(self):
        self.client.get(f"/cases/{self.fia_case.pk}/")  # anonymous: sent to sign in
        self.sign_in(self.fia_case_worker)
        self.assertEqual(self.client.get("/audit/").status_code, 403)  # a page, no record
        self.assertEqual(self.client.get("/no-such-page/").status_code, 404)
        self.assertEqual(self.client.get(f"/cases/{self.fia_case.pk}/").status_code, 200)
        self.assertFalse(DenialBucket.objects.exists())

    def test_closed_minutes_are_written_by_the_next_denial_and_by_the_command(self):
        old = timezone.now() - timedelta(minutes=3)
        DenialBucket.objects.create(
            actor_key=f"user:{self.fia_investigator.pk}",
            user_id=self.fia_investigator.pk,
            agency_id=self.fia.pk,
            event=AuditEvent.ACCESS_DENIED,
            kind="cases:detail",
            access="read",
            window_start=old.replace(second=0, microsecond=0),
            count=7,
            sample_ids=["5"],
        )
        self.sign_in(self.ngo_case_worker)
        self.client.get(f"/cases/{self.fia_case.pk}/")
        rows = denial_rows()
        self.assertEqual(
            [(r.acting_user, r.extra["count"]) for r in rows], [(self.fia_investigator, 7)]
        )
        self.assertEqual(DenialBucket.objects.get().user_id, self.ngo_case_worker.pk)  # still open
        with override_settings(AUDIT_CHECKPOINT_DIR=self.tmp_dir()):
            call_command("audit_checkpoint", stdout=StringIO())
        self.assertEqual(len(denial_rows()), 1)  # the open minute waits until it closes

    def tmp_dir(self):
        import tempfile

        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        return directory.name


class FailedSignInTest(CaseTestCase):
    def login(self, username):
        return self.client.post(
            "/accounts/login/", {"username": username, "password": "wrong-password-1"}
        )

    def test_invented_usernames_are_counted_not_kept(self):
        for n in range(30):
            self.login(f"invented-person-name-{n}")
        buckets = list(DenialBucket.objects.values_list("actor_key", "user_id", "count"))
        self.assertEqual({key[:2] for key in buckets}, {("anonymous", None)})
        self.assertNotIn(
            "invented-person-name", str(list(DenialBucket.objects.values_list()))
        )  # not even for the minute before it is written to the chain
        denials.flush_closed_buckets(include_open=True)
        rows = list(AuditLog.objects.filter(event=AuditEvent.LOGIN_FAILED))
        # One row, or two if a minute ended during the 30 attempts; never one per attempt.
        self.assertLessEqual(len(rows), 2)
        self.assertEqual(sum(row.extra["count"] for row in rows), 30)
        self.assertEqual({(row.object_id, row.acting_user) for row in rows}, {("", None)})
        everything = " ".join(str(values) for values in AuditLog.objects.values_list()) + " ".join(
            str(values) for values in DenialBucket.objects.values_list()
        )
        self.assertNotIn("invented-person-name", everything)

    def test_the_lockout_counters_keep_no_typed_username(self):
        # Thirty invented usernames of 80 characters: axes keeps a counter per username and
        # address, but of text that names no account only a keyed hash.
        typed = [f"{n:02d}" + "Z" * 78 for n in range(30)]
        for username in typed:
            self.login(username)
        kept = list(AccessAttempt.objects.values_list("username", "post_data", "get_data"))
        self.assertEqual(len(kept), 30)
        self.assertNotIn("ZZZZ", str(kept))
        self.assertTrue(all(username.startswith(UNKNOWN_PREFIX) for username, *_ in kept))

    def test_an_invented_username_is_still_locked_out(self):
        for _ in range(5):
            self.login("invented-person-name")
        response = self.login("invented-person-name")
        self.assertContains(response, "Account locked", status_code=response.status_code)
        self.assertEqual(self.login("another-invented-name").status_code, 200)

    def test_a_real_account_keeps_its_name_in_the_lockout_counter(self):
        self.login(self.fia_supervisor.username)
        self.assertEqual(
            list(AccessAttempt.objects.values_list("username", flat=True)),
            [self.fia_supervisor.username],
        )

    def test_a_real_account_is_named_by_its_id(self):
        for _ in range(3):
            self.login(self.fia_supervisor.username)
        denials.flush_closed_buckets(include_open=True)
        rows = list(AuditLog.objects.filter(event=AuditEvent.LOGIN_FAILED))
        self.assertEqual(sum(row.extra["count"] for row in rows), 3)
        for row in rows:
            self.assertEqual(
                (row.object_type, row.object_id, row.agency_id, row.acting_user),
                # The account was signed in to, not by: no acting user.
                ("accounts.user", str(self.fia_supervisor.pk), self.fia.pk, None),
            )


@skipUnless(connection.vendor == "postgresql", "needs parallel connections (PostgreSQL)")
class ConcurrentDenialsTest(TransactionTestCase):
    """Several processes counting into the same bucket, and flushing it, at the same moment."""

    def setUp(self):
        AuditChainHead.objects.get_or_create(id=1)  # TransactionTestCase flushed it

    def run_threads(self, target, count):
        errors = []
        barrier = threading.Barrier(count)

        def run(n):
            try:
                barrier.wait()
                target(n)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])

    def test_simultaneous_denials_count_into_one_bucket(self):
        user = SimpleNamespace(pk=424242, agency_id=None)
        fixed = timezone.now().replace(second=30)

        def deny(n):
            for i in range(25):
                denials._count(
                    actor_key=f"user:{user.pk}",
                    user_id=user.pk,
                    agency_id=None,
                    event=AuditEvent.ACCESS_DENIED.value,
                    kind="cases:detail",
                    access="read",
                    sample=f"{n}-{i}",
                )

        # One minute for every thread, so all 100 must land in the same bucket.
        with mock.patch("rihai.audit.denials.timezone.now", return_value=fixed):
            self.run_threads(deny, 4)
        bucket = DenialBucket.objects.get()
        self.assertEqual((bucket.count, len(bucket.sample_ids)), (100, 10))

    def test_simultaneous_flushes_write_each_bucket_once(self):
        window = (timezone.now() - timedelta(minutes=5)).replace(second=0, microsecond=0)
        for n in range(6):
            DenialBucket.objects.create(
                actor_key=f"user:{n}",
                user_id=None,
                event=AuditEvent.ACCESS_DENIED,
                kind="cases:detail",
                access="read",
                window_start=window,
                count=n + 1,
            )
        self.run_threads(lambda n: denials.flush_closed_buckets(), 3)
        rows = denial_rows()
        self.assertEqual(sorted(row.extra["count"] for row in rows), [1, 2, 3, 4, 5, 6])
        self.assertFalse(DenialBucket.objects.exists())
        self.assertIsNone(verify_chain())
