"""Registration (issue 11 item 5): the duplicate check first, no default sex, districts of the
chosen province, the new fields, language switching that keeps what was typed, an error
summary with focus, and a child marked wherever the case appears."""

from rihai.cases.models import Case, Person

from .helpers import CaseTestCase
from .test_case_pages import NEW


def token_of(page: str) -> str:
    return page.split('name="checked" value="')[1].split('"')[0]


class RegistrationTest(CaseTestCase):
    def setUp(self):
        self.sign_in(self.fia_case_worker)

    def test_registering_before_the_check_ran_is_refused(self):
        before = Case.objects.count()
        page = self.client.post("/cases/new/", {**NEW, "step": "register"})
        self.assertEqual(Case.objects.count(), before)
        self.assertContains(page, 'name="checked"')  # the check ran instead
        # A made-up token is no check either.
        self.client.post("/cases/new/", {**NEW, "step": "register", "checked": "forged"})
        self.assertEqual(Case.objects.count(), before)

    def test_a_check_on_other_data_does_not_count(self):
        page = self.client.post("/cases/new/", {**NEW, "step": "check"}).content.decode()
        changed = {**NEW, "person-cnic": "35202-9999999-9"}
        before = Case.objects.count()
        page = self.client.post(
            "/cases/new/", {**changed, "step": "register", "checked": token_of(page)}
        )
        self.assertEqual(Case.objects.count(), before)
        self.assertContains(page, "The details changed since the check")
        page = self.client.post(
            "/cases/new/",
            {**changed, "step": "register", "checked": token_of(page.content.decode())},
        )
        self.assertEqual(Case.objects.count(), before + 1)

    def test_the_new_facts_are_saved(self):
        data = {
            **NEW,
            "person-nationality": "BD",
            "person-languages": ["bn", "ur"],
            "person-needs_interpreter": "on",
            "person-has_disability": "on",
            "person-disability_notes": "Hearing",
        }
        page = self.client.post("/cases/new/", {**data, "step": "check"}).content.decode()
        self.client.post("/cases/new/", {**data, "step": "register", "checked": token_of(page)})
        person = Person.objects.latest("id")
        self.assertEqual(
            (person.nationality, sorted(person.languages), person.needs_interpreter),
            ("BD", ["bn", "ur"], True),
        )
        self.assertEqual(person.disability_notes, "Hearing")

    def test_no_sex_is_preselected_and_none_is_refused(self):
        page = self.client.get("/cases/new/").content.decode()
        select = page[page.index('name="person-sex"') :]
        select = select[: select.index("</select>")]
        self.assertIn('value="" selected', select)
        self.assertEqual(select.count("selected"), 1)
        page = self.client.post("/cases/new/", {**NEW, "person-sex": "", "step": "check"})
        self.assertContains(page, "error-summary")
        self.assertNotContains(page, 'name="checked"')

    def test_districts_follow_the_chosen_province_without_javascript(self):
        page = self.client.get("/cases/new/").content.decode()
        self.assertIn(str(self.lahore), page)
        self.assertIn(str(self.karachi), page)
        page = self.client.post(
            "/cases/new/",
            {**NEW, "person-province": self.sindh.pk, "person-district": self.lahore.pk},
        ).content.decode()
        district = page[page.index('name="person-district"') :]
        district = district[: district.index("</select>")]
        self.assertIn(str(self.karachi), district)
        self.assertNotIn(str(self.lahore), district)
        self.assertIn("Select a valid choice", page)

    def test_switching_language_keeps_what_was_typed(self):
        page = self.client.post(
            "/cases/new/",
            {**NEW, "person-name_roman": "Zarina Typed", "switch_language": "ur"},
        )
        self.assertContains(page, 'value="Zarina Typed"')
        self.assertContains(page, 'dir="rtl"')
        self.assertNotContains(page, "errorlist")  # kept, not judged
        self.assertEqual(page.cookies["django_language"].value, "ur")

    def test_errors_are_summarised_at_the_top_with_focus_on_the_first(self):
        page = self.client.post(
            "/cases/new/", {**NEW, "person-cnic": "123", "step": "check"}
        ).content.decode()
        summary = page.index('id="error-summary"')
        self.assertLess(summary, page.index('name="person-name_ur"'))
        self.assertIn('href="#id_person-cnic"', page)
        cnic = page[page.index('name="person-cnic"') - 300 : page.index('name="person-cnic"') + 300]
        self.assertIn("autofocus", cnic)
        self.assertEqual(page.count("autofocus"), 1)


class ChildMarkTest(CaseTestCase):
    def test_a_child_is_marked_on_the_list_the_case_and_the_person(self):
        child = self.person(name_roman="Bilal Demo", sex="male", estimated_age=14)
        case = self.case(person=child)
        adult = self.case(person=self.person(name_roman="Adult Demo", estimated_age=30))
        self.sign_in(self.fia_case_worker)
        listing = self.client.get("/cases/").content.decode()
        row = listing[listing.index(case.reference) :]
        self.assertIn('class="badge child"', row[: row.index("</tr>")])
        row = listing[listing.index(adult.reference) :]
        self.assertNotIn('class="badge child"', row[: row.index("</tr>")])
        self.assertContains(self.client.get(f"/cases/{case.pk}/"), 'class="badge child"')
        self.assertContains(self.client.get(f"/cases/persons/{child.pk}/"), 'class="badge child"')
        self.assertNotContains(self.client.get(f"/cases/{adult.pk}/"), 'class="badge child"')

    def test_a_child_by_date_of_birth(self):
        from datetime import date

        born = date.today().replace(year=date.today().year - 10, day=1).isoformat()
        case = self.case(person=self.person(date_of_birth=born, estimated_age=None))
        self.sign_in(self.fia_case_worker)
        self.assertContains(self.client.get(f"/cases/{case.pk}/"), 'class="badge child"')
