"""The case list (issue 11 item 4): sorting, the user's columns, saved searches, exporting the
list through the consent gate, and names found in both scripts and by family name alone."""

from rihai.audit.models import AuditLog
from rihai.cases.models import CaseListSettings, Disclosure, SavedSearch

from .helpers import CaseTestCase


class CaseListTest(CaseTestCase):
    def test_a_family_name_alone_finds_the_person_in_both_scripts(self):
        hit = self.case(person=self.person(name_roman="Samina Khan", name_ur="ثمینہ خان"))
        miss = self.case(person=self.person(name_roman="Nargis Bibi", name_ur="نرگس بی بی"))
        self.sign_in(self.fia_case_worker)
        for text in ("Khan", "خان", "Samina", "ثمینہ"):
            page = self.client.get("/cases/", {"q": text}).content.decode()
            self.assertIn(hit.reference, page, text)
            self.assertNotIn(miss.reference, page, text)

    def test_the_search_label_says_both_scripts_work(self):
        self.sign_in(self.fia_case_worker)
        self.assertContains(self.client.get("/cases/"), "Urdu script and in Roman Urdu")

    def test_sorting_by_a_column(self):
        first = self.case()
        second = self.case()
        self.sign_in(self.fia_case_worker)
        page = self.client.get("/cases/", {"sort": "reference"}).content.decode()
        self.assertLess(page.index(first.reference), page.index(second.reference))
        page = self.client.get("/cases/", {"sort": "-reference"}).content.decode()
        self.assertLess(page.index(second.reference), page.index(first.reference))
        # An unknown sort is ignored, not passed to the database.
        self.assertEqual(
            self.client.get("/cases/", {"sort": "person__name_roman"}).status_code, 200
        )

    def test_columns_are_kept_per_user(self):
        self.case()
        self.sign_in(self.fia_case_worker)
        self.client.post("/cases/columns/", {"col": ["status", "age", "bogus"]})
        self.assertEqual(
            CaseListSettings.objects.get(user=self.fia_case_worker).columns, ["status", "age"]
        )
        page = self.client.get("/cases/").content.decode()
        self.assertIn('data-label="Age"', page)
        self.assertNotIn('data-label="Case worker"', page)
        self.sign_in(self.fia_supervisor)  # someone else keeps the default
        self.assertContains(self.client.get("/cases/"), 'data-label="Case worker"')

    def test_saved_searches_are_encrypted_and_per_user(self):
        hit = self.case(person=self.person(name_roman="Samina Khan"))
        self.sign_in(self.fia_case_worker)
        self.client.post("/cases/searches/", {"name": "Khan family", "q": "Khan", "page": "3"})
        search = SavedSearch.objects.get()
        self.assertEqual((search.name, search.query), ("Khan family", "q=Khan"))
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT name, query FROM cases_savedsearch")
            raw = " ".join(cursor.fetchone())
        self.assertNotIn("Khan", raw)  # encrypted at rest
        opened = self.client.get(f"/cases/searches/{search.pk}/", follow=True)
        self.assertContains(opened, hit.reference)
        self.sign_in(self.fia_supervisor)
        self.assertEqual(self.client.get(f"/cases/searches/{search.pk}/").status_code, 404)
        self.assertEqual(self.client.post(f"/cases/searches/{search.pk}/delete/").status_code, 404)
        self.assertTrue(SavedSearch.objects.exists())

    def test_exporting_the_list_passes_the_gate_after_a_confirmation(self):
        case = self.case(person=self.person(name_roman="Samina Khan"))
        self.sign_in(self.fia_case_worker)
        self.assertIn(self.client.get("/cases/export-list/").status_code, (403, 404))
        self.sign_in(self.fia_supervisor)
        # A named export with no basis is refused by the gate; nothing is registered.
        page = self.client.post(
            "/cases/export-list/", {"purpose": "investigation", "confirmed": "1"}
        )
        self.assertNotIn("Content-Disposition", page)
        self.assertFalse(Disclosure.objects.exists())
        basis = {
            "purpose": "investigation",
            "legal_basis": "court-order",
            "legal_reference": "Order 9/2026",
        }
        page = self.client.post("/cases/export-list/", basis)
        self.assertContains(page, "will leave Rihai")
        self.assertFalse(Disclosure.objects.exists())
        response = self.client.post("/cases/export-list/", {**basis, "confirmed": "1"})
        self.assertIn("attachment", response["Content-Disposition"])
        body = response.content.decode()
        self.assertIn(case.reference, body)
        self.assertIn("Samina Khan", body)
        self.assertEqual(Disclosure.objects.get().case, case)
        self.assertTrue(AuditLog.objects.filter(event="record-exported").exists())

    def test_statistics_carry_no_names(self):
        self.case(person=self.person(name_roman="Samina Khan"))
        self.sign_in(self.fia_supervisor)
        response = self.client.post(
            "/cases/export-list/", {"purpose": "research", "confirmed": "1"}
        )
        self.assertNotIn("Samina", response.content.decode())
        self.assertNotIn("name_roman", response.content.decode())
