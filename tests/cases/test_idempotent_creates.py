"""Retrying a create with the same Idempotency-Key, on the cases app's other create endpoints
(status-change requests, screenings, consents, family members, case work): one record, the
first answer again, audited as a view; the same key with another body or path is a 409."""

from unittest import mock

from django.utils import timezone

from rihai.audit.models import AuditJournal, AuditLog
from rihai.cases.models import CaseMember, Consent, StatusChange
from rihai.cases.models.casework import CaseNote, CaseTask
from rihai.core import idempotency
from rihai.core.models import IdempotencyKey

from .helpers import CaseTestCase


def viewed(object_type: str, object_id) -> bool:
    """A view of the record was audited (in the journal, or already sealed into the chain)."""
    where = {"event": "record-viewed", "object_type": object_type, "object_id": str(object_id)}
    return (
        AuditJournal.objects.filter(**where).exists() or AuditLog.objects.filter(**where).exists()
    )


class RetriedCreateTest(CaseTestCase):
    def setUp(self):
        super().setUp()
        self.case_ = self.case()
        self.person_ = self.case_.members.get().person
        self.sign_in(self.fia_case_worker)

    def post(self, url, body, key, **extra):
        return self.client.post(
            url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **extra
        )

    def test_each_create_endpoint_answers_a_retry_with_its_first_record(self):
        base = f"/api/cases/{self.case_.pk}"
        endpoints = [
            (f"{base}/status/", {"to_status": "presumed"}, StatusChange, "cases.statuschange"),
            (
                f"{base}/consents/",
                {"person_id": self.person_.pk, "recipient": self.ngo.code, "purpose": "shelter"},
                Consent,
                "cases.consent",
            ),
            (
                f"{base}/notes/",
                {"kind": "call", "text": "Called, fine"},
                CaseNote,
                "cases.casenote",
            ),
            (
                f"{base}/tasks/",
                {
                    "title": "Visit",
                    "due_on": str(timezone.localdate()),
                    "assigned_to": self.fia_case_worker.pk,
                },
                CaseTask,
                "cases.casetask",
            ),
        ]
        for url, body, model, object_type in endpoints:
            with self.subTest(url):
                first = self.post(url, body, f"key {url}")
                self.assertEqual(first.status_code, 201, first.content)
                count = model.objects.count()
                again = self.post(url, body, f"key {url}")
                self.assertEqual(again.status_code, 201, again.content)
                self.assertEqual(again.json(), first.json())
                self.assertEqual(again["Idempotent-Replayed"], "true")
                self.assertNotIn("Idempotent-Replayed", first)
                self.assertEqual(model.objects.count(), count)
                self.assertTrue(viewed(object_type, first.json()["id"]))

    def test_the_same_key_with_another_body_or_another_case_is_a_conflict(self):
        url = f"/api/cases/{self.case_.pk}/status/"
        self.assertEqual(self.post(url, {"to_status": "presumed"}, "k1").status_code, 201)
        other_body = self.post(url, {"to_status": "presumed", "reason": "other"}, "k1")
        self.assertEqual(other_body.status_code, 409, other_body.content)
        self.assertIn("Idempotency-Key", other_body.json()["errors"])
        # The key of a family member added to one case does not add (or show) one on another.
        other_case = self.case()
        family = {"person": {"name_roman": "Demo Sister", "sex": "female"}, "relation": "sister"}
        self.assertEqual(
            self.post(f"/api/cases/{self.case_.pk}/family/", family, "k2").status_code, 201
        )
        members = CaseMember.objects.count()
        elsewhere = self.post(f"/api/cases/{other_case.pk}/family/", family, "k2")
        self.assertEqual(elsewhere.status_code, 409, elsewhere.content)
        self.assertEqual(CaseMember.objects.count(), members)

    def test_key_order_does_not_make_another_request(self):
        url = f"/api/cases/{self.case_.pk}/status/"
        first = self.post(url, '{"to_status": "presumed", "reason": "r"}', "k")
        again = self.post(url, '{"reason": "r",   "to_status": "presumed"}', "k")
        self.assertEqual(again.status_code, 201, again.content)
        self.assertEqual(again.json()["id"], first.json()["id"])

    def test_a_replay_rechecks_access(self):
        url = f"/api/cases/{self.case_.pk}/notes/"
        self.assertEqual(self.post(url, {"kind": "call", "text": "x"}, "k").status_code, 201)
        # Same user's key, but the user moved out of the case's scope: the record is not shown.
        row = IdempotencyKey.objects.get()
        row.user = self.ngo_case_worker
        row.save()
        self.sign_in(self.ngo_case_worker)
        self.assertEqual(self.post(url, {"kind": "call", "text": "x"}, "k").status_code, 404)

    def test_a_request_that_lost_the_race_for_its_key_answers_with_the_winner(self):
        # The other request claimed the key between this one's look-up and its create: its
        # claim fails on the unique key row, it rolls back and replays (on PostgreSQL it waits
        # for the winner's commit: tests/cases/test_write_races.py).
        url = f"/api/cases/{self.case_.pk}/status/"
        first = self.post(url, {"to_status": "presumed"}, "k")
        real = idempotency._Create.earlier
        calls = []

        def earlier(once):
            calls.append(once)
            return None if len(calls) == 1 else real(once)

        with mock.patch.object(idempotency._Create, "earlier", earlier):
            again = self.post(url, {"to_status": "presumed"}, "k")
        self.assertEqual(len(calls), 2)
        self.assertEqual(again.status_code, 201, again.content)
        self.assertEqual(again.json()["id"], first.json()["id"])
        self.assertEqual(StatusChange.objects.count(), 1)

    def test_a_refused_create_keeps_no_key_and_the_key_can_be_used_again(self):
        url = f"/api/cases/{self.case_.pk}/status/"
        self.assertEqual(self.post(url, {"to_status": "nonsense"}, "k").status_code, 400)
        self.assertFalse(IdempotencyKey.objects.exists())
        self.assertEqual(self.post(url, {"to_status": "presumed"}, "k").status_code, 201)
        stored = IdempotencyKey.objects.get()
        self.assertEqual(stored.object_id, StatusChange.objects.get().pk)
        self.assertEqual(len(stored.request_hash), 64)
