"""Writes that lose a race are refused, never silently applied (any database): a stale edit
answers 412 with what changed, a CNIC already registered needs the user's confirmation (409),
a retried create with its Idempotency-Key creates nothing new, and case references are
numbered as numbers past 99999."""

import json

from django.core.exceptions import ValidationError
from django.utils import timezone

from rihai.audit.models import AuditLog
from rihai.cases import actions
from rihai.cases.duplicates import DuplicateCnic
from rihai.cases.models import Case, CaseReferenceCounter, Person
from rihai.cases.versions import StaleVersion
from rihai.core.models import IdempotencyKey

from .helpers import CaseTestCase

NEW_PERSON = {"name_roman": "Samina Demo", "sex": "female", "estimated_age": 24}


class StaleEditTest(CaseTestCase):
    def setUp(self):
        super().setUp()
        self.sign_in(self.fia_case_worker)

    def patch(self, url, data, etag=None):
        headers = {"HTTP_IF_MATCH": etag} if etag else {}
        return self.client.patch(url, json.dumps(data), content_type="application/json", **headers)

    def test_two_person_edits_from_one_read_second_gets_412_with_what_changed(self):
        person = self.person()
        url = f"/api/persons/{person.pk}/"
        etag = self.client.get(url)["ETag"]
        first = self.patch(url, {"phone": "0300-1234567"}, etag)
        self.assertEqual(first.status_code, 200, first.content)
        self.assertNotEqual(first["ETag"], etag)
        second = self.patch(url, {"address": "House 1, Demo Street"}, etag)
        self.assertEqual(second.status_code, 412, second.content)
        self.assertEqual(second.json()["changed"], ["phone"])
        self.assertEqual(second["ETag"], first["ETag"])
        person.refresh_from_db()
        self.assertEqual(person.phone, "0300-1234567")
        self.assertEqual(person.address, "")  # nothing half-saved
        self.assertEqual(AuditLog.objects.filter(event="record-changed").count(), 1)
        # With the new ETag the same edit goes through.
        third = self.patch(url, {"address": "House 1, Demo Street"}, first["ETag"])
        self.assertEqual(third.status_code, 200, third.content)

    def test_case_facts_edit_with_a_stale_etag_gets_412(self):
        case = self.case()
        url = f"/api/cases/{case.pk}/"
        etag = self.client.get(url)["ETag"]
        self.assertEqual(self.patch(url, {"summary": "First"}, etag).status_code, 200)
        stale = self.patch(url, {"route": ["PK", "AE"]}, etag)
        self.assertEqual(stale.status_code, 412, stale.content)
        self.assertEqual(stale.json()["changed"], ["summary"])
        case.refresh_from_db()
        self.assertEqual(case.route, [])

    def test_a_malformed_if_match_is_refused_not_ignored(self):
        person = self.person()
        response = self.patch(f"/api/persons/{person.pk}/", {"phone": "0300-1234567"}, "nonsense")
        self.assertEqual(response.status_code, 400)

    def test_the_action_refuses_a_stale_version_with_the_changed_fields(self):
        person = self.person()
        actions.do_update_person(
            person=person,
            acting_user=self.fia_case_worker,
            expected_version=1,
            phone="0300-1234567",
        )
        with self.assertRaises(StaleVersion) as refused:
            actions.do_update_person(
                person=person, acting_user=self.fia_case_worker, expected_version=1, address="X"
            )
        self.assertEqual(refused.exception.changed, ["phone"])


class DuplicateCnicPolicyTest(CaseTestCase):
    def test_an_exact_cnic_match_needs_the_users_explicit_confirmation(self):
        self.sign_in(self.fia_case_worker)
        body = {**NEW_PERSON, "cnic": "35202-5555555-1"}
        first = self.client.post("/api/persons/", body, content_type="application/json")
        self.assertEqual(first.status_code, 201, first.content)
        again = self.client.post("/api/persons/", body, content_type="application/json")
        self.assertEqual(again.status_code, 409, again.content)
        self.assertIn("cnic", again.json()["errors"])
        self.assertEqual(Person.objects.count(), 1)
        confirmed = self.client.post(
            "/api/persons/",
            {**body, "duplicate_acknowledged": True},
            content_type="application/json",
        )
        self.assertEqual(confirmed.status_code, 201, confirmed.content)
        self.assertEqual(Person.objects.count(), 2)

    def test_a_match_at_another_agency_counts_and_a_merged_record_does_not(self):
        theirs = self.person(self.ngo_case_worker, cnic="35202-5555555-1", province=self.sindh)
        with self.assertRaises(DuplicateCnic):
            self.person(cnic="35202-5555555-1")
        survivor = self.person(self.ngo_case_worker, province=self.sindh, name_roman="Other Demo")
        actions.do_merge_persons(
            survivor=survivor, duplicate=theirs, acting_user=self.ngo_supervisor
        )
        self.assertEqual(self.person(cnic="35202-5555555-1").cnic, "35202-5555555-1")

    def test_setting_a_registered_cnic_on_another_person_needs_confirmation_too(self):
        self.person(cnic="35202-5555555-1")
        other = self.person(name_roman="Other Demo")
        with self.assertRaises(DuplicateCnic):
            actions.do_update_person(
                person=other, acting_user=self.fia_case_worker, cnic="35202-5555555-1"
            )
        actions.do_update_person(
            person=other,
            acting_user=self.fia_case_worker,
            cnic="35202-5555555-1",
            duplicate_acknowledged=True,
        )


class IdempotencyKeyTest(CaseTestCase):
    def setUp(self):
        super().setUp()
        self.sign_in(self.fia_case_worker)

    def post(self, url, body, key):
        return self.client.post(
            url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
        )

    def test_a_retried_case_creation_returns_the_first_case(self):
        body = {"person": NEW_PERSON}
        first = self.post("/api/cases/", body, "retry-me-1")
        self.assertEqual(first.status_code, 201, first.content)
        again = self.post("/api/cases/", body, "retry-me-1")
        self.assertEqual(again.status_code, 201, again.content)
        self.assertEqual(again["Idempotent-Replayed"], "true")
        self.assertEqual(again.json()["id"], first.json()["id"])
        self.assertEqual(Case.objects.count(), 1)
        self.assertEqual(Person.objects.count(), 1)
        other = self.post("/api/cases/", body, "retry-me-2")
        self.assertNotEqual(other.json()["id"], first.json()["id"])

    def test_keys_are_per_user_per_endpoint_and_hold_no_personal_data(self):
        person = self.post("/api/persons/", NEW_PERSON, "k").json()
        self.sign_in(self.fia_supervisor)
        theirs = self.post("/api/persons/", {**NEW_PERSON, "name_roman": "Other Demo"}, "k")
        self.assertNotEqual(theirs.json()["id"], person["id"])  # another user's key is theirs
        reused = self.post("/api/cases/", {"person": NEW_PERSON}, "k")
        self.assertEqual(reused.status_code, 409)
        stored = list(IdempotencyKey.objects.values())
        self.assertEqual(len(stored), 2)
        for row in stored:
            self.assertNotIn("Samina", json.dumps(row, default=str))
            self.assertNotEqual(row["key_hash"], "k")

    def test_a_failed_create_keeps_no_key(self):
        bad = self.post("/api/persons/", {"sex": "unknown"}, "bad-1")
        self.assertEqual(bad.status_code, 400)
        self.assertFalse(IdempotencyKey.objects.exists())


class ReferenceCounterTest(CaseTestCase):
    def test_numbers_go_past_99999_as_numbers(self):
        year = timezone.localdate().year
        first = self.case()
        first.reference = f"TFIA-{year}-99999"
        first.save(update_fields=["reference"])
        CaseReferenceCounter.objects.all().delete()  # as before the counter: start from cases
        after = [self.case().reference for _n in range(2)]
        self.assertEqual(after, [f"TFIA-{year}-100000", f"TFIA-{year}-100001"])
        self.assertEqual(
            self.case(self.ngo_case_worker, province=self.sindh).reference[-5:], "00001"
        )

    def test_a_failed_case_leaves_no_person_behind(self):
        before = Person.objects.count()
        with self.assertRaises(ValidationError):
            actions.do_register_person_and_open_case(
                acting_user=self.fia_case_worker,
                person_fields=NEW_PERSON,
                assigned_to=self.ngo_case_worker.pk,
            )
        self.assertEqual(Person.objects.count(), before)


class StaleFormTest(CaseTestCase):
    def test_the_facts_form_refuses_a_save_over_a_newer_one_and_says_what_changed(self):
        case = self.case()
        self.sign_in(self.fia_case_worker)
        url = f"/cases/{case.pk}/edit/"
        page = self.client.get(url)
        self.assertContains(page, 'name="version" value="1"')
        form = {"destination_country": "PK", "recruiter_relation": "unknown"}
        form["recruitment_channel"] = "unknown"
        saved = self.client.post(url, {**form, "summary": "First", "version": 1})
        self.assertRedirects(saved, f"/cases/{case.pk}/")
        stale = self.client.post(url, {**form, "summary": "Second", "version": 1})
        self.assertEqual(stale.status_code, 200)
        self.assertContains(stale, "Someone else changed this record")
        self.assertContains(stale, "summary")
        case.refresh_from_db()
        self.assertEqual(case.summary, "First")
