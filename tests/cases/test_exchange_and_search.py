"""HTCDS export/import and list search, through the API and the pages."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from rihai.audit.models import AuditLog
from rihai.cases import actions
from rihai.cases.models import Case, Person

from .helpers import CaseTestCase


class HtcdsInterfacesTest(CaseTestCase):
    def setUp(self):
        self.mine = self.case(
            user=self.fia_supervisor,
            person=self.person(user=self.fia_supervisor, cnic="35202-2222222-2"),
            exploitation_types=["forced-begging"],
            destination_country="SA",
        )

    def test_api_export_then_import(self):
        url = f"/api/cases/{self.mine.pk}/htcds/"
        person = self.mine.members.get().person
        actions.do_record_consent(
            case=self.mine,
            person=person,
            recipient=self.ngo,
            purpose="return",
            acting_user=self.fia_supervisor,
        )
        request = {"purpose": "return", "recipient": "TNGO"}
        self.assertRefused(
            url,
            method="post",
            data=request,
            users=[
                None,
                self.fia_case_worker,  # no export grant
                self.fia_analyst,
                self.fia_auditor,
                self.fia_administrator,
                self.ngo_supervisor,  # other agency
            ],
        )
        self.sign_in(self.fia_supervisor)
        document = json.loads(self.client.post(url, request).content)
        self.assertEqual(document["persons"][0]["vic_TypeOfExploitation"], ["ForcedBegging"])
        self.assertIs(document["persons"][0]["con_Consent"], True)
        row = AuditLog.objects.latest("id")
        self.assertEqual((row.event, row.object_id), ("record-exported", str(self.mine.pk)))
        self.assertEqual(row.extra["kinds"], ["consent"])

        self.sign_in(self.ngo_case_worker)
        response = self.client.post(
            "/api/cases/import-htcds/", {"document": document}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        imported = Case.objects.get(pk=response.json()["id"])
        self.assertEqual(imported.agency, self.ngo)
        self.assertEqual(imported.destination_country, "SA")
        self.assertEqual(imported.members.get().person.cnic, "35202-2222222-2")
        self.assertEqual(AuditLog.objects.latest("id").event, "record-imported")

    def test_api_import_bad_document_gives_field_errors_and_saves_nothing(self):
        self.sign_in(self.fia_case_worker)
        before = (Person.objects.count(), Case.objects.count())
        document = {
            "standard": "HTCDS",
            "standard_version": "2.0",
            "persons": [
                {
                    "prs_FirstName": "Demo",
                    "prs_Gender": "Feminine",
                    "prs_Birthdate": "2999-01-01",
                    "prs_IdentityNumber": "123",
                    "vic_TypeOfExploitation": ["Telepathy"],
                }
            ],
        }
        response = self.client.post(
            "/api/cases/import-htcds/", {"document": document}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertTrue(any("vic_TypeOfExploitation" in key for key in response.json()))
        self.assertEqual((Person.objects.count(), Case.objects.count()), before)

    def test_import_refused_to_roles_without_case_creation(self):
        self.assertRefused(
            "/api/cases/import-htcds/",
            [None, self.fia_analyst, self.fia_auditor, self.fia_administrator],
            method="post",
            data={},
        )
        self.assertRefused(
            "/cases/import/", [None, self.fia_analyst, self.fia_auditor, self.fia_administrator]
        )

    def test_pages_export_and_import(self):
        url = f"/cases/{self.mine.pk}/export/"
        self.assertRefused(url, [None, self.fia_case_worker, self.fia_analyst, self.ngo_supervisor])
        self.sign_in(self.fia_supervisor)
        detail = self.client.get(f"/cases/{self.mine.pk}/").content.decode()
        self.assertIn(url, detail)
        self.assertContains(self.client.get(url), "purpose")
        basis = {
            "purpose": "return",
            "legal_basis": "court-order",
            "legal_reference": "Test order 7/2026",
        }
        # The first POST only says what will leave Rihai; nothing is exported yet.
        response = self.client.post(url, basis)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Content-Disposition", response)
        self.assertContains(response, "will leave Rihai")
        response = self.client.post(url, {**basis, "confirmed": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        payload = response.content

        self.sign_in(self.ngo_supervisor)
        response = self.client.post(
            "/cases/import/",
            {"file": SimpleUploadedFile("case.json", payload, content_type="application/json")},
        )
        imported = Case.objects.filter(agency=self.ngo).get()
        self.assertRedirects(response, f"/cases/{imported.pk}/")

    def test_page_import_shows_errors_and_saves_nothing(self):
        self.sign_in(self.fia_case_worker)
        before = Case.objects.count()
        bad = json.dumps({"standard": "HTCDS", "standard_version": "2.0", "persons": []})
        response = self.client.post(
            "/cases/import/", {"file": SimpleUploadedFile("x.json", bad.encode())}
        )
        self.assertContains(response, "Nothing was saved")
        self.assertContains(response, "The document names no person.")
        response = self.client.post(
            "/cases/import/", {"file": SimpleUploadedFile("x.json", b"not json")}
        )
        self.assertContains(response, "This file is not JSON.")
        self.assertEqual(Case.objects.count(), before)


class ListSearchTest(CaseTestCase):
    def setUp(self):
        self.samina = self.case(
            person=self.person(name_roman="Sameena Bibi Demo", name_ur="", phone="0300-5550123")
        )
        self.urdu_only = self.case(
            person=self.person(name_roman="", name_ur="ثمینہ ڈیمو", cnic="35202-3333333-3")
        )
        self.other = self.case(person=self.person(name_roman="Rehana Demo", name_ur=""))
        self.theirs = self.case(
            user=self.ngo_case_worker,
            person=self.person(user=self.ngo_case_worker, name_roman="Samina Demo"),
        )

    def _api_ids(self, q):
        response = self.client.get("/api/cases/", {"q": q})
        self.assertEqual(response.status_code, 200, response.content)
        return {row["id"] for row in response.json()["results"]}

    def test_name_search_crosses_scripts_and_stays_in_scope(self):
        self.sign_in(self.fia_case_worker)
        found = self._api_ids("Samina")
        self.assertEqual(found, {self.samina.pk, self.urdu_only.pk})  # not the NGO's Samina
        self.assertEqual(self._api_ids("ثمینہ"), {self.samina.pk, self.urdu_only.pk})
        self.assertEqual(self._api_ids("Rehana"), {self.other.pk})
        self.assertEqual(self._api_ids("Zubaida"), set())

    def test_identifier_and_reference_search(self):
        self.sign_in(self.fia_case_worker)
        self.assertEqual(self._api_ids("3520233333333"), {self.urdu_only.pk})
        self.assertEqual(self._api_ids("+92 300 5550123"), {self.samina.pk})
        self.assertEqual(self._api_ids(self.other.reference.lower()), {self.other.pk})

    def test_page_search_by_name(self):
        self.sign_in(self.fia_case_worker)
        page = self.client.get("/cases/", {"q": "sameena"}).content.decode()
        self.assertIn(self.samina.reference, page)
        self.assertIn(self.urdu_only.reference, page)
        self.assertNotIn(self.other.reference, page)


class DateRangeFilterTest(CaseTestCase):
    def test_range_is_inclusive_in_local_days(self):
        from datetime import datetime

        from django.utils import timezone

        made = {}
        for label, moment in (
            ("before", datetime(2025, 2, 28, 23, 59)),
            ("first", datetime(2025, 3, 1, 0, 0)),
            ("last", datetime(2025, 3, 31, 23, 30)),
            ("after", datetime(2025, 4, 1, 0, 1)),
        ):
            case = self.case()
            Case.objects.filter(pk=case.pk).update(created_on=timezone.make_aware(moment))
            made[label] = case.pk
        self.sign_in(self.fia_case_worker)
        response = self.client.get(
            "/api/cases/", {"created_from": "2025-03-01", "created_to": "2025-03-31"}
        )
        self.assertEqual(
            {row["id"] for row in response.json()["results"]}, {made["first"], made["last"]}
        )
        response = self.client.get("/api/cases/", {"created_from": "2025-31-03"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("created_from", response.json())


class FixedQueryCountTest(CaseTestCase):
    def _count(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(captured), response

    def test_list_page_and_name_search_do_not_grow_with_rows(self):
        self.sign_in(self.fia_supervisor)
        counts = []
        for extra in (2, 9):
            for _ in range(extra):
                self.case(
                    user=self.fia_supervisor,
                    person=self.person(user=self.fia_supervisor, name_roman="Kiran Demo"),
                    exploitation_types=["sexual", "forced-marriage"],
                )
            page, _r = self._count("/cases/")
            search, response = self._count("/api/cases/?q=Kiran")
            self.assertEqual(response.json()["count"], 2 if extra == 2 else 11)
            counts.append((page, search))
        self.assertEqual(counts[0], counts[1])


class EncryptedAtRestTest(CaseTestCase):
    def test_case_texts_status_reasons_and_consent_guardian_are_ciphertext(self):
        from django.db import connection

        from rihai.cases import actions

        child = self.person(name_roman="Bilal Demo", sex="male", estimated_age=10)
        case = self.case(person=child, summary="Kiln owner Demo-Owner-XYZ holds peshgi")
        actions.do_request_status_change(
            case=case,
            to_status="not-victim",
            reason="Reason-Secret-123",
            acting_user=self.fia_supervisor,
        )
        actions.do_record_consent(
            case=case,
            person=child,
            recipient=self.ngo,
            purpose="shelter",
            given_by_guardian=True,
            guardian_name="Guardian-Secret-456",
            acting_user=self.fia_case_worker,
        )
        with connection.cursor() as cursor:
            dump = []
            for table in ("cases_case", "cases_statuschange", "cases_consent"):
                cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
                dump.extend(str(v) for row in cursor.fetchall() for v in row)
        text = " ".join(dump)
        for secret in ("Demo-Owner-XYZ", "Reason-Secret-123", "Guardian-Secret-456"):
            self.assertNotIn(secret, text)
        self.assertIn("enc1:", text)
