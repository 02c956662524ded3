"""Writes at the same moment, on PostgreSQL (skipped on SQLite): each race of issue 17 answers
cleanly — every write succeeds or is refused with a ValidationError, never a deadlock (a 500),
never a lost or doubled record."""

import pytest

from rihai.accounts.models import Agency, AgencyType
from rihai.audit.chain import verify_chain
from rihai.audit.models import AuditLog
from rihai.cases import actions
from rihai.cases.models import Case, CaseMember, Consent, Person, ScreeningAssessment, StatusChange
from tests.base import make_user

from .concurrent import ConcurrentTestCase, Refused, at_once, signed_in_client
from .test_identification import ADULT_TRAFFICKED

SAMINA = {"name_roman": "Samina Demo", "sex": "female", "estimated_age": 24}


pytestmark = pytest.mark.postgres


class DeadlockTest(ConcurrentTestCase):
    def setUp(self):
        super().setUp()
        self.worker = make_user(self.agency, "case-worker")

    def test_sixteen_case_creations_in_one_agency_all_succeed(self):
        # Half open a case for a person registered before, half register and open at once:
        # the mix that deadlocked (agency row, then chain head; chain head, then agency row).
        registered = [
            actions.do_register_person(acting_user=self.worker, **{**SAMINA, "name_roman": f"D{n}"})
            for n in range(8)
        ]
        calls = []
        for n, person in enumerate(registered):
            calls.append(lambda p=person: actions.do_open_case(acting_user=self.worker, person=p))
            calls.append(
                lambda n=n: actions.do_register_person_and_open_case(
                    acting_user=self.worker,
                    person_fields={**SAMINA, "name_roman": f"Samina Demo {n}"},
                )
            )
        answers, errors = at_once(calls)
        self.assertEqual(errors, [])
        self.assertTrue(all(isinstance(a, Case) for a in answers), answers)
        references = sorted(Case.objects.values_list("reference", flat=True))
        self.assertEqual(len(set(references)), 16)
        self.assertIsNone(verify_chain())

    def test_status_change_and_family_member_on_one_case_never_deadlock(self):
        cases = [
            actions.do_register_person_and_open_case(
                acting_user=self.worker, person_fields={**SAMINA, "name_roman": f"Demo {n}"}
            )
            for n in range(6)
        ]
        calls = []
        for n, case in enumerate(cases):
            calls.append(
                lambda c=case: actions.do_request_status_change(
                    case=c, to_status="presumed", acting_user=self.worker
                )
            )
            calls.append(
                lambda c=case, n=n: actions.do_register_family_member(
                    case=c,
                    person_fields={**SAMINA, "name_roman": f"Demo Sister {n}"},
                    relation="sister",
                    acting_user=self.worker,
                )
            )
        # ...while other cases open in the same agency (the agency row they used to lock is
        # what each new family member's foreign key checked at commit, after the chain head).
        waiting = [
            actions.do_register_person(acting_user=self.worker, **{**SAMINA, "name_roman": f"W{n}"})
            for n in range(4)
        ]
        calls += [
            lambda p=p: actions.do_open_case(acting_user=self.worker, person=p) for p in waiting
        ]
        answers, errors = at_once(calls)
        self.assertEqual(errors, [])
        self.assertFalse([a for a in answers if isinstance(a, Refused)], answers)
        self.assertEqual(CaseMember.objects.filter(role="family").count(), 6)
        self.assertIsNone(verify_chain())

    def test_investigations_and_registrations_in_one_agency_never_deadlock(self):
        # Opening an investigation used to lock the agency row (justice's reference; now its
        # own counter row), then the chain head. A new person's foreign key on that agency row,
        # checked at commit after the head, inverted the order; checked at the insert
        # (immediate constraints) it cannot.
        from datetime import date

        from rihai.justice.actions import do_open_investigation

        officer = make_user(self.agency, "investigator")
        calls = []
        for n in range(8):
            calls.append(
                lambda n=n: do_open_investigation(
                    acting_user=officer, complaint_number=f"C-{n}", complaint_date=date(2024, 3, 1)
                )
            )
            calls.append(
                lambda n=n: actions.do_register_person(
                    acting_user=self.worker, **{**SAMINA, "name_roman": f"Demo {n}"}
                )
            )
        answers, errors = at_once(calls)
        self.assertEqual(errors, [])
        self.assertFalse([a for a in answers if isinstance(a, Refused)], answers)
        self.assertIsNone(verify_chain())

    def test_status_change_screening_and_consent_on_one_case_never_deadlock(self):
        # Issue 17: the inversion between a status change and a screening or a consent.
        cases = [
            actions.do_register_person_and_open_case(
                acting_user=self.worker, person_fields={**SAMINA, "name_roman": f"Demo {n}"}
            )
            for n in range(4)
        ]
        recipient = Agency.objects.create(
            name="Test NGO Demo", code="TNGO", agency_type=AgencyType.NGO,
            province=self.agency.province,
        )  # fmt: skip
        calls = []
        for case in cases:
            person = case.members.get().person
            calls += [
                lambda c=case: actions.do_request_status_change(
                    case=c, to_status="presumed", acting_user=self.worker
                ),
                lambda c=case, p=person: actions.do_record_screening(
                    case=c, person=p, answers=ADULT_TRAFFICKED, acting_user=self.worker
                ),
                lambda c=case, p=person: actions.do_record_consent(
                    case=c,
                    person=p,
                    recipient=recipient,
                    purpose="shelter",
                    acting_user=self.worker,
                ),
            ]
        answers, errors = at_once(calls)
        self.assertEqual(errors, [])
        self.assertFalse([a for a in answers if isinstance(a, Refused)], answers)
        self.assertEqual(StatusChange.objects.filter(case__in=cases).count(), 4)
        self.assertEqual(ScreeningAssessment.objects.filter(case__in=cases).count(), 4)
        self.assertEqual(Consent.objects.filter(case__in=cases).count(), 4)
        self.assertIsNone(verify_chain())

    def test_htcds_imports_and_case_creations_in_one_agency_never_deadlock(self):
        # Issue 17: the same inversion between an HTCDS import and opening a case.
        def document(n):
            person = {"prs_FirstName": "Import", "prs_SecondName": f"Demo {n}",
                      "prs_Gender": "Feminine", "prs_Citizenship": ["PK"]}  # fmt: skip
            return {"standard": "HTCDS", "standard_version": "2.0", "persons": [person]}

        calls = []
        for n in range(6):
            calls += [
                lambda n=n: actions.do_import_htcds_case(
                    document=document(n), acting_user=self.worker
                ),
                lambda n=n: actions.do_register_person_and_open_case(
                    acting_user=self.worker, person_fields={**SAMINA, "name_roman": f"Demo {n}"}
                ),
            ]
        answers, errors = at_once(calls)
        self.assertEqual(errors, [])
        self.assertTrue(all(isinstance(a, Case) for a in answers), answers)
        self.assertEqual(len(set(Case.objects.values_list("reference", flat=True))), 12)
        self.assertIsNone(verify_chain())


class MergeCycleTest(ConcurrentTestCase):
    def test_merging_a_into_b_and_b_into_a_at_once_leaves_one_survivor(self):
        worker = make_user(self.agency, "supervisor")
        for _round in range(3):
            a, b = (
                actions.do_register_person(acting_user=worker, **{**SAMINA, "name_roman": n})
                for n in ("Demo A", "Demo B")
            )
            answers, errors = at_once(
                [
                    lambda a=a, b=b: actions.do_merge_persons(
                        survivor=b, duplicate=a, acting_user=worker
                    ),
                    lambda a=a, b=b: actions.do_merge_persons(
                        survivor=a, duplicate=b, acting_user=worker
                    ),
                ]
            )
            self.assertEqual(errors, [])
            self.assertEqual(sum(isinstance(x, Refused) for x in answers), 1, answers)
            survivors = Person.objects.filter(pk__in=[a.pk, b.pk], merged_into__isnull=True)
            self.assertEqual(survivors.count(), 1)
            self.assertEqual(
                AuditLog.objects.filter(event="record-merged", object_id__in=[a.pk, b.pk]).count(),
                1,
            )


class DuplicateCnicRaceTest(ConcurrentTestCase):
    def test_eight_registrations_of_one_cnic_at_once_make_one_person(self):
        worker = make_user(self.agency, "case-worker")
        calls = [
            lambda n=n: actions.do_register_person(
                acting_user=worker, **{**SAMINA, "name_roman": f"Demo {n}"}, cnic="35202-7777777-1"
            )
            for n in range(8)
        ]
        answers, errors = at_once(calls)
        self.assertEqual(errors, [])
        self.assertEqual(sum(isinstance(a, Person) for a in answers), 1, answers)
        self.assertEqual(sum(isinstance(a, Refused) for a in answers), 7, answers)
        self.assertEqual(Person.objects.count(), 1)


class ApiRaceTest(ConcurrentTestCase):
    """The same races through the API, as clients see them: no 500, no lost change."""

    def setUp(self):
        super().setUp()
        self.worker = make_user(self.agency, "case-worker")

    def clients(self, n):
        return [signed_in_client(self.worker) for _n in range(n)]

    def test_two_patches_of_one_person_at_once_lose_nothing(self):
        for _round in range(5):
            self.patch_round()

    def patch_round(self):
        person = actions.do_register_person(acting_user=self.worker, **SAMINA)
        url = f"/api/persons/{person.pk}/"
        first, second = self.clients(2)

        def both(phone, address, etag=None):
            headers = {"HTTP_IF_MATCH": etag} if etag else {}
            answers, errors = at_once(
                [
                    lambda: first.patch(url, {"phone": phone}, "application/json", **headers),
                    lambda: second.patch(url, {"address": address}, "application/json", **headers),
                ]
            )
            self.assertEqual(errors, [])
            return sorted(a.status_code for a in answers)

        etag = first.get(url)["ETag"]
        # Without If-Match each edit changes only its own field, under the row lock.
        self.assertEqual(both("0300-1234567", "Demo Street"), [200, 200])
        person.refresh_from_db()
        self.assertEqual((person.phone, person.address), ("0300-1234567", "Demo Street"))
        # With the ETag of a read made before those edits: both are told what changed.
        self.assertEqual(both("0300-7654321", "Other Street", etag), [412, 412])
        # Both from one fresh read: one saves, the other is refused, never overwritten.
        self.assertEqual(both("0300-7654321", "Other Street", first.get(url)["ETag"]), [200, 412])

    def test_one_idempotency_key_sent_four_times_at_once_creates_one_case(self):
        clients = self.clients(4)
        answers, errors = at_once(
            [
                lambda c=c: c.post(
                    "/api/cases/",
                    {"person": SAMINA},
                    "application/json",
                    HTTP_IDEMPOTENCY_KEY="one-key",
                )
                for c in clients
            ]
        )
        self.assertEqual(errors, [])
        self.assertEqual([a.status_code for a in answers], [201] * 4)
        self.assertEqual(len({a.json()["id"] for a in answers}), 1)
        self.assertEqual(Case.objects.count(), 1)
        self.assertEqual(Person.objects.count(), 1)

    def test_one_key_on_a_status_request_sent_three_times_at_once_gives_one_request(self):
        # The key is claimed before the case row is locked: the copies wait for the first and
        # replay it, instead of queueing on the case and being refused ("already pending").
        case = actions.do_register_person_and_open_case(
            acting_user=self.worker, person_fields=SAMINA
        )
        answers, errors = at_once(
            [
                lambda c=c: c.post(
                    f"/api/cases/{case.pk}/status/",
                    {"to_status": "presumed"},
                    "application/json",
                    HTTP_IDEMPOTENCY_KEY="status-once",
                )
                for c in self.clients(3)
            ]
        )
        self.assertEqual(errors, [])
        self.assertEqual([a.status_code for a in answers], [201] * 3, answers)
        self.assertEqual(len({a.json()["id"] for a in answers}), 1)
        self.assertEqual(case.status_changes.count(), 1)

    def test_status_change_and_family_member_through_the_api_never_500(self):
        for _round in range(5):
            case = actions.do_register_person_and_open_case(
                acting_user=self.worker, person_fields=SAMINA
            )
            first, second = self.clients(2)
            answers, errors = at_once(
                [
                    lambda c=case, first=first: first.post(
                        f"/api/cases/{c.pk}/status/", {"to_status": "presumed"}, "application/json"
                    ),
                    lambda c=case, second=second: second.post(
                        f"/api/cases/{c.pk}/family/",
                        {"person": {**SAMINA, "name_roman": "Demo Sister"}, "relation": "sister"},
                        "application/json",
                    ),
                ]
            )
            self.assertEqual(errors, [])
            self.assertEqual([a.status_code for a in answers], [201, 201], answers)
