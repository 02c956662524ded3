"""Person pages (history, duplicates, merge) and case management pages (facts, case worker,
family member, a new case for a known person)."""

from rihai.accounts.models import Sex
from rihai.audit.models import AuditLog
from rihai.cases.models import Case, CaseMember, Person
from tests.base import make_user

from .helpers import CaseTestCase

REFUSED_ROLES = ("fia_analyst", "fia_auditor", "fia_administrator", "ngo_supervisor")


class PersonPagesTest(CaseTestCase):
    def setUp(self):
        self.samina = self.person(name_roman="Samina Demo", phone="0300-5550777")
        self.case_a = self.case(person=self.samina)
        self.again = self.person(name_roman="", name_ur="ثمینہ بی بی", phone="0300-5550777")
        self.case_b = self.case(person=self.again)

    def refused(self):
        return [None] + [getattr(self, name) for name in REFUSED_ROLES]

    def test_person_page_shows_history_and_duplicates_and_is_audited(self):
        url = f"/cases/persons/{self.samina.pk}/"
        self.assertRefused(url, self.refused())
        self.sign_in(self.fia_case_worker)
        response = self.client.get(url)
        self.assertContains(response, self.case_a.reference)
        self.assertContains(response, f"Merge P-{self.again.pk} into this record")
        viewed = AuditLog.objects.filter(event="record-viewed", object_id=str(self.samina.pk))
        self.assertEqual(viewed.count(), 1)
        checked = AuditLog.objects.filter(event="duplicate-check").latest("id")
        self.assertEqual(checked.extra["visible"], [self.again.pk])

    def test_merge_keeps_both_histories(self):
        url = f"/cases/persons/{self.samina.pk}/merge/"
        self.assertRefused(url, self.refused(), method="post", data={"duplicate": self.again.pk})
        self.sign_in(self.fia_case_worker)
        # First the two records side by side; nothing is merged yet.
        response = self.client.post(url, {"duplicate": self.again.pk})
        self.assertContains(response, "ثمینہ بی بی")  # the other record's value, to choose
        self.assertContains(response, 'name="take_name_ur"')
        self.again.refresh_from_db()
        self.assertIsNone(self.again.merged_into)
        response = self.client.post(
            url, {"duplicate": self.again.pk, "confirmed": "1", "take_name_ur": "duplicate"}
        )
        self.assertRedirects(response, f"/cases/persons/{self.samina.pk}/")
        self.again.refresh_from_db()
        self.samina.refresh_from_db()
        self.assertEqual(self.again.merged_into, self.samina)
        self.assertEqual(self.samina.name_ur, "ثمینہ بی بی")  # the chosen value was kept
        self.assertEqual(self.samina.name_roman, "Samina Demo")  # not chosen: stays
        self.assertEqual(self.case_b.members.get().person, self.samina)
        row = AuditLog.objects.filter(event="record-merged").get()
        self.assertEqual(
            (row.object_id, row.extra["merged_person"]), (str(self.samina.pk), self.again.pk)
        )

    def test_cannot_merge_a_record_of_another_agency(self):
        theirs = self.person(user=self.ngo_case_worker, name_roman="Samina Demo")
        self.case(user=self.ngo_case_worker, person=theirs)
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            f"/cases/persons/{self.samina.pk}/merge/", {"duplicate": theirs.pk}
        )
        self.assertEqual(response.status_code, 404)
        theirs.refresh_from_db()
        self.assertIsNone(theirs.merged_into)

    def test_new_case_for_a_known_person(self):
        url = f"/cases/persons/{self.samina.pk}/new-case/"
        self.assertRefused(url, self.refused())
        self.sign_in(self.fia_case_worker)
        before = Case.objects.count()
        response = self.client.post(
            url,
            {
                "destination_country": "PK",
                "recruiter_relation": "unknown",
                "recruitment_channel": "unknown",
                "exploitation_start": "2999-01-01",
            },
        )
        self.assertContains(response, "This date is in the future.")
        self.assertEqual(Case.objects.count(), before)
        response = self.client.post(
            url,
            {
                "destination_country": "SA",
                "recruiter_relation": "agent",
                "recruitment_channel": "job-ad",
                "exploitation_types": ["forced-labour"],
            },
        )
        case = Case.objects.latest("id")
        self.assertRedirects(response, f"/cases/{case.pk}/")
        self.assertEqual(case.members.get().person, self.samina)
        self.assertEqual(self.samina.memberships.count(), 2)  # one person, several cases


class CaseManagePagesTest(CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.male_worker = make_user(cls.fia, "case-worker", username="fia-cw-male", sex=Sex.MALE)

    def setUp(self):
        self.mine = self.case()  # a female survivor, held by the female case worker

    def test_edit_facts(self):
        url = f"/cases/{self.mine.pk}/edit/"
        self.assertRefused(url, [None, self.fia_analyst, self.fia_auditor, self.ngo_supervisor])
        self.sign_in(self.fia_case_worker)
        data = {
            "destination_country": "AE",
            "route": ["OM"],
            "recruiter_relation": "agent",
            "recruitment_channel": "social-media",
            "exploitation_types": ["domestic-servitude"],
            "means_of_control": ["documents"],
            "version": self.mine.version,  # the hidden field: the version the page showed
        }
        response = self.client.post(url, {**data, "exploitation_start": "2999-01-01"})
        self.assertContains(response, "This date is in the future.")
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.destination_country, "PK")  # nothing saved
        response = self.client.post(url, data)
        self.assertRedirects(response, f"/cases/{self.mine.pk}/")
        self.mine.refresh_from_db()
        self.assertEqual(
            (self.mine.destination_country, self.mine.route, self.mine.is_transnational),
            ("AE", ["OM"], True),
        )
        self.assertEqual(
            list(self.mine.exploitations.values_list("exploitation_type", flat=True)),
            ["domestic-servitude"],
        )
        self.assertTrue(
            AuditLog.objects.filter(event="record-changed", object_id=str(self.mine.pk)).exists()
        )

    def test_assignment_to_a_man_needs_a_supervisors_reason(self):
        url = f"/cases/{self.mine.pk}/assign/"
        self.assertRefused(url, [None, self.fia_analyst, self.ngo_supervisor])
        self.sign_in(self.fia_case_worker)
        response = self.client.post(url, {"assigned_to": self.male_worker.pk, "note": "on duty"})
        self.assertContains(response, "Only a supervisor may assign")
        self.sign_in(self.fia_supervisor)
        response = self.client.post(url, {"assigned_to": self.male_worker.pk})
        self.assertContains(response, "a supervisor must record why not")
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.assigned_to, self.fia_case_worker)
        response = self.client.post(
            url, {"assigned_to": self.male_worker.pk, "note": "Survivor asked for him"}
        )
        self.assertRedirects(response, f"/cases/{self.mine.pk}/")
        self.mine.refresh_from_db()
        self.assertEqual(
            (self.mine.assigned_to, self.mine.assignment_note),
            (self.male_worker, "Survivor asked for him"),
        )

    def test_add_family_member(self):
        url = f"/cases/{self.mine.pk}/family/"
        self.assertRefused(url, [None, self.fia_analyst, self.fia_auditor, self.ngo_supervisor])
        self.sign_in(self.fia_case_worker)
        persons = Person.objects.count()
        bad = {"name_roman": "Imran Demo", "sex": "male", "cnic": "123", "relation": "son"}
        response = self.client.post(url, bad)
        self.assertContains(response, "Enter a 13-digit number")
        self.assertEqual(Person.objects.count(), persons)
        good = {**bad, "cnic": "", "bform": "35202-1231231-1", "estimated_age": 9}
        response = self.client.post(url, good)
        self.assertRedirects(response, f"/cases/{self.mine.pk}/")
        member = CaseMember.objects.get(case=self.mine, role="family")
        self.assertEqual(
            (member.person.name_roman, member.relation_to_primary), ("Imran Demo", "son")
        )
        page = self.client.get(f"/cases/{self.mine.pk}/").content.decode()
        self.assertIn(f"/cases/persons/{member.person.pk}/", page)


class DetailPageNamesTest(CaseTestCase):
    def test_jurisdictions_and_countries_are_named(self):
        case = self.case(
            destination_country="SA", route=["AE"], exploitation_types=["bonded-labour"]
        )
        self.sign_in(self.fia_case_worker)
        page = self.client.get(f"/cases/{case.pk}/").content.decode()
        self.assertIn("FIA (cross-border)", page)
        self.assertIn("Labour department (bonded labour)", page)
        self.assertIn("Saudi Arabia", page)
        self.assertIn("United Arab Emirates", page)


class CaseManageApiTest(CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.male_worker = make_user(cls.fia, "case-worker", username="fia-cw-m2", sex=Sex.MALE)

    def setUp(self):
        self.mine = self.case()

    def test_assign_api(self):
        url = f"/api/cases/{self.mine.pk}/assign/"
        self.assertRefused(
            url,
            [None, self.fia_analyst, self.fia_auditor, self.ngo_supervisor],
            method="post",
            data={"assigned_to": self.male_worker.pk},
        )
        self.sign_in(self.fia_supervisor)
        response = self.client.post(
            url, {"assigned_to": self.male_worker.pk}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("assigned_to", response.json())
        response = self.client.post(
            url, {"assigned_to": self.ngo_case_worker.pk}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)  # not of this agency
        response = self.client.post(
            url,
            {"assigned_to": self.male_worker.pk, "note": "Survivor's request"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.assigned_to, self.male_worker)

    def test_family_api_new_person_all_or_nothing(self):
        url = f"/api/cases/{self.mine.pk}/family/"
        self.assertRefused(
            url, [None, self.fia_analyst, self.ngo_supervisor], method="post", data={}
        )
        self.sign_in(self.fia_case_worker)
        persons = Person.objects.count()
        bad = {
            "relation": "son",
            "person": {"name_roman": "Imran Demo", "sex": "male", "bform": "1"},
        }
        response = self.client.post(url, bad, content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Person.objects.count(), persons)
        good = {
            "relation": "son",
            "person": {"name_roman": "Imran Demo", "sex": "male", "estimated_age": 8},
        }
        response = self.client.post(url, good, content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(self.mine.members.count(), 2)
        # An existing person can be added too, once.
        other = self.person(name_roman="Akram Demo", sex="male")
        response = self.client.post(
            url, {"relation": "husband", "person_id": other.pk}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 201)
        response = self.client.post(
            url, {"relation": "husband", "person_id": other.pk}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)
