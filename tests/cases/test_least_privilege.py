"""Least privilege inside an agency: identifiers masked unless revealed (audited), restricted
cases seen only by named users and the agency's supervisors — in lists, details, search,
duplicate checks and exports."""

from django.core.cache import cache

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.cases import actions
from rihai.cases.models import CaseMember, Person
from tests.base import make_user

from .helpers import CaseTestCase

CNIC, PHONE = "35202-6666666-6", "0300-5550166"


class MaskedIdentifiersTest(CaseTestCase):
    def setUp(self):
        self.person_ = self.person(self.fia_case_worker, cnic=CNIC, phone=PHONE)
        self.case_ = self.case(person=self.person_)

    def test_a_service_provider_sees_identifiers_masked_and_cannot_reveal(self):
        self.sign_in(self.fia_service_provider)
        for url in (
            f"/api/cases/{self.case_.pk}/",
            f"/api/persons/{self.person_.pk}/",
            f"/cases/{self.case_.pk}/",
            f"/cases/persons/{self.person_.pk}/",
        ):
            body = self.client.get(url).content.decode()
            self.assertIn("35202-•••••••-6", body, url)
            self.assertNotIn("6666666", body, url)
            self.assertNotIn("5550166", body, url)
        response = self.client.post(f"/api/persons/{self.person_.pk}/reveal/", {"field": "cnic"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(AuditLog.objects.filter(event="identifier-revealed").exists())

    def test_a_case_worker_reveals_one_identifier_and_it_is_audited(self):
        self.sign_in(self.fia_case_worker)
        response = self.client.post(f"/api/persons/{self.person_.pk}/reveal/", {"field": "phone"})
        self.assertEqual(response.json(), {"field": "phone", "value": PHONE})
        self.assertEqual(response["Cache-Control"], "no-store")
        row = AuditLog.objects.filter(event="identifier-revealed").get()
        self.assertEqual(
            (row.acting_user, row.object_id, row.extra),
            (self.fia_case_worker, str(self.person_.pk), {"field": "phone"}),
        )
        page = self.client.post(f"/cases/persons/{self.person_.pk}/reveal/", {"field": "cnic"})
        self.assertContains(page, CNIC)
        self.assertEqual(AuditLog.objects.filter(event="identifier-revealed").count(), 2)

    def test_the_merge_page_compares_identifiers_masked(self):
        other = self.person(
            self.fia_case_worker, name_roman="Samina D", cnic="35202-7777777-7", phone=PHONE
        )
        self.sign_in(self.fia_case_worker)
        page = self.client.post(
            f"/cases/persons/{self.person_.pk}/merge/", {"duplicate": other.pk}
        ).content.decode()
        self.assertIn("35202-•••••••-6", page)
        self.assertIn("35202-•••••••-7", page)
        for secret in ("6666666", "7777777", "5550166"):
            self.assertNotIn(secret, page)

    def test_another_agency_cannot_reveal(self):
        with self.assertRaises(RecordNotFound):
            actions.do_reveal_identifier(
                person=self.person_, field="cnic", acting_user=self.ngo_supervisor
            )


class RestrictedCaseTest(CaseTestCase):
    def setUp(self):
        cache.clear()
        self.witness = self.person(
            self.fia_supervisor, name_roman="Zarina Demo", cnic=CNIC, phone=PHONE
        )
        self.case_ = self.case(user=self.fia_supervisor, person=self.witness)
        self.named = make_user(self.fia, "investigator", username="fia-named-investigator")
        actions.do_set_case_restriction(
            case=self.case_,
            restriction="witness",
            allowed_users=[self.named],
            acting_user=self.fia_supervisor,
        )

    def test_only_named_users_and_supervisors_reach_it(self):
        detail = f"/api/cases/{self.case_.pk}/"
        self.assertRefused(
            detail,
            [self.fia_investigator, self.fia_service_provider, self.ngo_supervisor],
        )
        self.assertRefused(f"/cases/{self.case_.pk}/", [self.fia_investigator])
        self.assertRefused(f"/api/persons/{self.witness.pk}/", [self.fia_investigator])
        self.assertAllowed(detail, [self.named, self.fia_supervisor])

    def test_lists_and_search_leave_it_out(self):
        for user, seen in ((self.fia_investigator, False), (self.named, True)):
            self.sign_in(user)
            listed = self.client.get("/api/cases/").json()["results"]
            self.assertEqual(self.case_.pk in [c["id"] for c in listed], seen, user)
            found = self.client.get("/api/cases/", {"q": "3520266666666"}).json()["results"]
            self.assertEqual(bool(found), seen, user)
            page = self.client.get("/cases/", {"q": "Zarina"}).content.decode()
            self.assertEqual(self.case_.reference in page, seen, user)

    def test_duplicates_treat_it_as_a_record_you_may_not_see(self):
        self.sign_in(self.fia_investigator)
        answer = self.client.post(
            "/api/persons/duplicates/", {"phone": PHONE}, content_type="application/json"
        ).json()
        self.assertEqual((answer["matches"], answer["match_elsewhere"]), ([], True))

    def test_exports_are_refused_to_the_unnamed(self):
        with self.assertRaises(RecordNotFound):
            actions.do_export_htcds_case(
                case=self.case_, acting_user=self.ngo_supervisor, purpose="research"
            )
        other_supervisor = make_user(self.fia, "supervisor", username="fia-supervisor-2")
        document = actions.do_export_htcds_case(
            case=self.case_, acting_user=other_supervisor, purpose="research"
        )
        self.assertEqual(len(document["persons"]), 1)

    def test_only_a_supervisor_sets_or_lifts_it(self):
        with self.assertRaises(RecordNotFound):
            actions.do_set_case_restriction(case=self.case_, restriction="", acting_user=self.named)
        actions.do_set_case_restriction(
            case=self.case_, restriction="", acting_user=self.fia_supervisor
        )
        self.sign_in(self.fia_investigator)
        self.assertEqual(self.client.get(f"/api/cases/{self.case_.pk}/").status_code, 200)
        rows = AuditLog.objects.filter(event="case-restriction-set", object_id=str(self.case_.pk))
        self.assertEqual([r.extra["restriction"] for r in rows.order_by("id")], ["witness", ""])

    def test_only_users_of_the_cases_agency_can_be_named(self):
        from django.core.exceptions import ValidationError

        errors = []
        for outsider in (self.ngo_supervisor, 987654):  # another agency's user / nobody
            with self.assertRaises(ValidationError) as refused:
                actions.do_set_case_restriction(
                    case=self.case_,
                    restriction="witness",
                    allowed_users=[outsider],
                    acting_user=self.fia_supervisor,
                )
            errors.append(refused.exception.message_dict)
        self.assertEqual(errors[0], errors[1])
        self.assertEqual(list(self.case_.restricted_to.all()), [self.named])

    def test_restriction_api(self):
        url = f"/api/cases/{self.case_.pk}/restriction/"
        self.assertRefused(
            url,
            [None, self.named, self.fia_case_worker, self.ngo_supervisor],
            method="post",
            data={"restriction": ""},
        )
        self.sign_in(self.fia_supervisor)
        response = self.client.post(
            url,
            {"restriction": "child", "allowed_users": [self.fia_case_worker.pk]},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.case_.refresh_from_db()
        self.assertEqual(self.case_.restriction, "child")
        self.assertEqual(list(self.case_.restricted_to.all()), [self.fia_case_worker])


class FreeTextEncryptedTest(CaseTestCase):
    def test_relations_and_assignment_note_are_ciphertext(self):
        from django.db import connection

        son = self.person(
            name_roman="Imran Demo",
            sex="male",
            guardian_name="Demo G",
            guardian_relation="maternal uncle",
        )
        case = self.case(
            user=self.fia_supervisor,
            person=self.person(self.fia_supervisor),
        )
        actions.do_add_family_member(
            case=case,
            person=son,
            relation="stepson of the kiln owner",
            acting_user=self.fia_supervisor,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relation_to_primary FROM cases_casemember WHERE relation_to_primary <> ''"
            )
            stored = [r[0] for r in cursor.fetchall()]
            cursor.execute("SELECT guardian_relation FROM cases_person WHERE id = %s", [son.pk])
            guardian = cursor.fetchone()[0]
        self.assertTrue(stored and all(s.startswith("enc1:") for s in stored), stored)
        self.assertTrue(guardian.startswith("enc1:"))
        self.assertEqual(
            CaseMember.objects.get(person=son).relation_to_primary, "stepson of the kiln owner"
        )
        self.assertEqual(Person.objects.get(pk=son.pk).guardian_relation, "maternal uncle")
