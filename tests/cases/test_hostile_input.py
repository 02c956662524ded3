"""Inputs found by fuzzing the API and the forms that used to raise a server error: each now
gets a clear 400 or form error, in English and Urdu, and saves nothing. Run on SQLite and on
PostgreSQL: the two databases fail differently on the same bad value."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from rihai.cases.models import Case, Consent, Person, ScreeningAssessment
from rihai.core.json_input import lone_surrogate

from .helpers import CaseTestCase

URDU = "[\u0600-\u06ff]"


def test_lone_surrogates_are_found_in_keys_and_values_but_pairs_are_text():
    assert lone_surrogate(json.loads('{"a": ["\\ud800"]}'))
    assert lone_surrogate(json.loads('{"\\udfff": 1}'))
    assert not lone_surrogate(json.loads('{"a": "\\ud83d\\ude00 \\u0628"}'))  # 😀 ب


class HostileInputTest(CaseTestCase):
    def setUp(self):
        self.sign_in(self.fia_supervisor)
        self.open_case = self.case(self.fia_supervisor)
        self.person_id = self.open_case.members.get().person_id

    def post_json(self, url, text, **extra):
        return self.client.generic("POST", url, text, content_type="application/json", **extra)

    def test_lone_surrogate_in_a_json_body_is_a_400(self):
        # A choice error echoes the value back, and a lone surrogate cannot be written out as
        # UTF-8; the screening answers and the HTCDS document kept it until it was stored.
        case_id = self.open_case.pk
        document = self.full_export(self.open_case)
        document["persons"][0]["x_rihai"]["name_roman"] = "\ud800"
        bodies = [
            (f"/api/cases/{case_id}/status/", '{"to_status": "\\ud800"}'),
            (
                "/api/persons/",
                '{"sex": "female", "name_roman": "A", "parentage_relation": "\\udfff"}',
            ),
            (
                f"/api/cases/{case_id}/screenings/",
                json.dumps({"person_id": self.person_id, "answers": {"\ud800": True}}),
            ),
            ("/api/cases/import-htcds/", json.dumps({"document": document})),
        ]
        counts = (Case.objects.count(), Person.objects.count(), ScreeningAssessment.objects.count())
        for url, body in bodies:
            response = self.post_json(url, body)
            self.assertEqual(response.status_code, 400, url)
            self.assertIn("not a character", response.json()["detail"])
        response = self.post_json(*bodies[0], HTTP_ACCEPT_LANGUAGE="ur")
        self.assertEqual(response.status_code, 400)
        self.assertRegex(response.json()["detail"], URDU)
        self.assertEqual(
            (Case.objects.count(), Person.objects.count(), ScreeningAssessment.objects.count()),
            counts,
        )

    def test_a_surrogate_pair_is_still_accepted(self):
        response = self.client.patch(
            f"/api/cases/{self.open_case.pk}/",
            '{"summary": "\\ud83d\\ude00"}',
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["summary"], "\U0001f600")

    def test_import_page_refuses_a_lone_surrogate(self):
        document = self.full_export(self.open_case)
        document["persons"][0]["x_rihai"]["name_roman"] = "\ud800"
        before = Case.objects.count()
        upload = SimpleUploadedFile("x.json", json.dumps(document).encode())
        response = self.client.post("/cases/import/", {"file": upload})
        self.assertContains(response, "not a character")
        self.assertEqual(Case.objects.count(), before)

    def test_case_list_dates_out_of_range_are_form_and_api_errors(self):
        # 9999-12-31 plus a day, and midnight of 0001-01-01 in Pakistan as UTC, do not exist.
        for params in ({"created_to": "9999-12-31"}, {"created_from": "0001-01-01"}):
            response = self.client.get("/cases/", params)
            self.assertContains(response, "Enter a date between 1900-01-01 and 2199-12-31.")
            response = self.client.get("/api/cases/", params)
            self.assertEqual(response.status_code, 400)
            self.assertEqual(
                response.json(),
                {name: ["Enter a date between 1900-01-01 and 2199-12-31."] for name in params},
            )
        response = self.client.get(
            "/api/cases/", {"created_to": "9999-12-31"}, HTTP_ACCEPT_LANGUAGE="ur"
        )
        self.assertRegex(response.json()["created_to"][0], URDU)
        response = self.client.get("/api/cases/", {"created_to": "2199-12-31"})
        self.assertEqual(response.status_code, 200)

    def test_consent_expiry_out_of_range_is_refused(self):
        url = f"/api/cases/{self.open_case.pk}/consents/"
        consent = {"person_id": self.person_id, "recipient": self.ngo.code, "purpose": "referral"}
        response = self.client.post(
            url, {**consent, "expires_on": "0001-01-01"}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json(), {"expires_on": ["Enter a date between 1900-01-01 and 2199-12-31."]}
        )
        # The page: 9999-12-31 late in the day west of UTC is year 10000 in UTC, when saved.
        response = self.client.post(
            f"/cases/{self.open_case.pk}/consents/",
            {
                "person": self.person_id,
                "recipient": self.ngo.pk,
                "purpose": "referral",
                "expires_on": "9999-12-31T23:59:59-05:00",
            },
            follow=True,
        )
        self.assertContains(response, "Enter a date between 1900-01-01 and 2199-12-31.")
        self.assertFalse(Consent.objects.exists())

    def test_ids_beyond_64_bits_are_a_400(self):
        case_id = self.open_case.pk
        for huge in (2**64, -(2**63) - 1, 10**30):
            for url, body in [
                (f"/api/cases/{case_id}/screenings/", {"person_id": huge, "answers": {}}),
                (f"/api/cases/{case_id}/family/", {"person_id": huge, "relation": "son"}),
                (f"/api/cases/{case_id}/assign/", {"assigned_to": huge}),
                (f"/api/persons/{self.person_id}/merge/", {"duplicate_id": huge}),
                ("/api/cases/", {"person_id": huge}),
            ]:
                response = self.client.post(url, body, content_type="application/json")
                self.assertEqual(response.status_code, 400, (url, huge))
                field = next(iter(body))
                self.assertEqual(response.json(), {field: ["No record has this id."]}, url)
        response = self.client.post(
            f"/api/cases/{case_id}/screenings/",
            {"person_id": 2**64, "answers": {}},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="ur",
        )
        self.assertRegex(response.json()["person_id"][0], URDU)
        self.assertFalse(ScreeningAssessment.objects.exists())

    def test_nul_in_a_code_is_a_400(self):
        # PostgreSQL refuses NUL in a query: looking the code up was a server error there.
        for url, body in [
            ("/api/persons/", {"sex": "female", "name_roman": "A", "province": "PK-PB\x00"}),
            ("/api/persons/", {"sex": "female", "name_roman": "A", "district": "\x00"}),
            (
                f"/api/cases/{self.open_case.pk}/consents/",
                {"person_id": self.person_id, "recipient": "TNGO\x00", "purpose": "referral"},
            ),
        ]:
            response = self.client.post(url, body, content_type="application/json")
            self.assertEqual(response.status_code, 400, body)
            field = [k for k, v in body.items() if "\x00" in str(v)][0]
            self.assertEqual(response.json(), {field: ["Null characters are not allowed."]})
        response = self.client.post(
            "/api/persons/",
            {"sex": "female", "name_roman": "A", "district": "\x00"},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="ur",
        )
        self.assertRegex(response.json()["district"][0], URDU)
        self.assertFalse(Consent.objects.exists())

    def test_nul_in_an_htcds_document_is_reported_at_its_path(self):
        # Unencrypted text and JSON columns (and the audit row) cannot hold NUL on PostgreSQL.
        document = self.full_export(self.open_case)
        document["case"]["x_rihai"]["reference"] = "X\x00"
        document["persons"][0]["x_rihai"]["guardian_relation"] = "aunt\x00"
        document["persons"][0]["x_rihai"]["languages"] = ["ur\x00"]
        before = (Case.objects.count(), Person.objects.count())
        response = self.client.post(
            "/api/cases/import-htcds/", {"document": document}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)
        nul = ["Null characters are not allowed."]
        self.assertEqual(
            response.json(),
            {
                "case.x_rihai.reference": nul,
                "persons[0].x_rihai.guardian_relation": nul,
                "persons[0].x_rihai.languages[0]": nul,
            },
        )
        upload = SimpleUploadedFile("x.json", json.dumps(document).encode())
        response = self.client.post("/cases/import/", {"file": upload})
        self.assertContains(response, "persons[0].x_rihai.guardian_relation")
        self.assertEqual((Case.objects.count(), Person.objects.count()), before)

    def test_nul_in_an_audit_filter_matches_nothing(self):
        self.sign_in(self.fia_auditor)
        for params in ({"user": "tfia-supervisor\x00"}, {"object": "1\x00"}):
            response = self.client.get("/audit/", params)
            self.assertContains(response, "No audit rows match.")
