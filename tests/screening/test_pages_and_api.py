"""Pages and API: thin views over actions, bilingual reports, escaping, audit of every view."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rihai.audit.models import AuditLog
from rihai.screening.models import Ad, AdBatch, Lead, Promoter, RegistryImport

from .helpers import ADS, REGISTRY_CSV, ScreeningTestCase, jsonl


class PagesTest(ScreeningTestCase):
    def test_upload_page_scores_and_shows_progress_and_rejects(self):
        self.sign_in(self.fia_investigator)
        content = jsonl(ADS) + b'{"id": "x", "text": ""}\n'
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/screening/batches/", {"file": SimpleUploadedFile("ads.jsonl", content)}
            )
        batch = AdBatch.objects.get()
        self.assertRedirects(response, f"/screening/batches/{batch.pk}/")
        page = self.client.get(f"/screening/batches/{batch.pk}/").content.decode()
        self.assertIn("the row has no ad text", page)
        self.client.cookies["django_language"] = "ur"
        page = self.client.get(f"/screening/batches/{batch.pk}/").content.decode()
        self.assertIn("اس قطار میں اشتہار کا متن نہیں", page)

    def test_a_bad_file_is_refused_with_a_clear_message(self):
        self.sign_in(self.fia_investigator)
        response = self.client.post(
            "/screening/batches/", {"file": SimpleUploadedFile("x.png", b"\x89PNG\x00\x00")}
        )
        self.assertContains(response, "neither JSONL nor CSV")
        self.assertFalse(AdBatch.objects.exists())

    def test_uploading_the_same_file_twice_says_so(self):
        self.upload()
        self.sign_in(self.fia_investigator)
        response = self.client.post(
            "/screening/batches/",
            {"file": SimpleUploadedFile("again.jsonl", jsonl(ADS))},
            follow=True,
        )
        self.assertContains(response, "uploaded before")
        self.assertEqual(AdBatch.objects.count(), 1)

    def test_queue_and_ad_pages_are_audited_and_escape_the_ad(self):
        hostile = {
            "id": "h1",
            "text": "Azad visa <script>alert(1)</script> no interview, call 0300-0000066",
            "source": "facebook",
        }
        self.upload([hostile])
        ad = self.ad("h1")
        self.sign_in(self.fia_investigator)
        before = AuditLog.objects.count()
        queue = self.client.get("/screening/?band=high").content.decode()
        self.assertIn(f"/screening/ads/{ad.pk}/", queue)
        self.assertNotIn("<script>alert(1)", queue)
        detail = self.client.get(f"/screening/ads/{ad.pk}/").content.decode()
        self.assertNotIn("<script>alert(1)", detail)
        self.assertIn("&lt;script&gt;", detail)
        self.assertIn('<mark title="azad-visa">', detail)
        self.assertIn("+923000000066", detail)
        events = list(AuditLog.objects.filter(id__gt=before).values_list("event", flat=True))
        self.assertEqual(events, ["record-listed", "record-viewed"])

    def test_decision_form_raises_a_lead(self):
        self.upload()
        ad = self.ad("a1")
        self.sign_in(self.fia_investigator)
        response = self.client.post(
            f"/screening/ads/{ad.pk}/",
            {"decision": "lead", "target_agency": self.beoe.pk, "note": "fees asked"},
        )
        self.assertRedirects(response, f"/screening/ads/{ad.pk}/")
        self.assertEqual(Lead.objects.get().target_agency, self.beoe)
        response = self.client.post(f"/screening/ads/{ad.pk}/", {"decision": "lead", "note": ""})
        self.assertContains(response, "FIA circle or the Bureau")

    def test_export_is_labelled_jsonl_of_the_agencys_decisions(self):
        from rihai.screening import actions

        self.upload()
        actions.do_decide_ad(
            ad=self.ad("a1"),
            decision="lead",
            note="n",
            target_agency=self.beoe,
            acting_user=self.fia_investigator,
        )
        actions.do_decide_ad(
            ad=self.ad("a2"), decision="dismiss", acting_user=self.fia_investigator
        )
        actions.do_decide_ad(ad=self.ad("a3"), decision="watch", acting_user=self.fia_investigator)
        actions.do_decide_ad(
            ad=self.ad("a3"), decision="dismiss", acting_user=self.ngo_investigator
        )
        self.sign_in(self.fia_investigator)
        body = b"".join(self.client.get("/screening/export.jsonl").streaming_content).decode()
        rows = [json.loads(line) for line in body.splitlines()]
        self.assertEqual(sorted(r["label"] for r in rows), [0, 1])  # watch has no label
        self.assertEqual(AuditLog.objects.filter(event="record-exported").count(), 1)

    def test_registry_import_preview_then_apply_through_the_pages(self):
        self.sign_in(self.beoe_supervisor)
        response = self.client.post(
            "/screening/registry/import/",
            {"file": SimpleUploadedFile("oep.csv", (REGISTRY_CSV + "1/x,,,,\n").encode())},
        )
        made = RegistryImport.objects.get()
        self.assertRedirects(response, f"/screening/registry/import/{made.pk}/")
        page = self.client.get(f"/screening/registry/import/{made.pk}/").content.decode()
        self.assertIn("3 new", page)
        self.assertIn("licence number is not of the form NNNN/CITY", page)
        self.assertEqual(Promoter.objects.count(), 0)
        self.client.post(f"/screening/registry/import/{made.pk}/")
        self.assertEqual(Promoter.objects.count(), 3)
        page = self.client.get("/screening/registry/?q=0848/LHR").content.decode()
        self.assertIn("licensed and valid", page)

    def test_registry_file_without_columns_is_refused_in_urdu_too(self):
        self.sign_in(self.beoe_supervisor)
        self.client.cookies["django_language"] = "ur"
        response = self.client.post(
            "/screening/registry/import/",
            {"file": SimpleUploadedFile("oep.csv", b"licence,name\n0848/LHR,Falcon\n")},
        )
        self.assertContains(response, "فائل میں یہ کالم نہیں ہیں")
        self.assertFalse(RegistryImport.objects.exists())


class ApiTest(ScreeningTestCase):
    def test_batch_upload_by_json_then_queue_detail_and_decision(self):
        self.sign_in(self.fia_investigator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/api/ad-batches/",
                {"content": jsonl(ADS).decode(), "file_name": "ads.jsonl"},
                content_type="application/json",
            )
        self.assertEqual(response.status_code, 201, response.content)
        batch = AdBatch.objects.get()
        self.assertEqual(self.client.get(f"/api/ad-batches/{batch.pk}/").json()["status"], "done")
        again = self.client.post(
            "/api/ad-batches/",
            {"content": jsonl(ADS).decode()},
            content_type="application/json",
        )
        self.assertEqual(again.status_code, 200)
        self.assertTrue(again.json()["duplicate_upload"])
        queue = self.client.get("/api/ads/?flag=azad-visa").json()
        self.assertEqual(queue["count"], 1)
        ad_id = queue["results"][0]["id"]
        detail = self.client.get(f"/api/ads/{ad_id}/").json()
        self.assertIn("+923000000077", detail["entities"]["phones"])
        decided = self.client.post(
            f"/api/ads/{ad_id}/decision/",
            {"decision": "lead", "target_agency": self.fia.pk, "note": "n"},
            content_type="application/json",
        )
        self.assertEqual(decided.status_code, 201, decided.content)
        self.assertIsNotNone(decided.json()["lead"])

    def test_a_bad_decision_is_a_400_not_a_500(self):
        self.upload()
        self.sign_in(self.fia_investigator)
        response = self.client.post(
            f"/api/ads/{self.ad('a1').pk}/decision/",
            {"decision": "lead", "note": "n"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("target_agency", response.json())

    def test_verify_recruiter(self):
        self.apply_registry()
        self.sign_in(self.fia_analyst)
        answer = self.client.get("/api/oep-registry/verify/?q=696/RWP").json()
        self.assertEqual(answer["status"], "expired")
        self.assertEqual(answer["promoters"][0]["licence"], "0696/RWP")

    def test_registry_import_and_apply(self):
        self.sign_in(self.beoe_supervisor)
        made = self.client.post(
            "/api/oep-registry/imports/",
            {"file": SimpleUploadedFile("oep.csv", REGISTRY_CSV.encode())},
        )
        self.assertEqual(made.status_code, 201, made.content)
        self.assertEqual(Promoter.objects.count(), 0)
        applied = self.client.post(f"/api/oep-registry/imports/{made.json()['id']}/apply/")
        self.assertEqual(applied.json()["status"], "applied")
        self.assertEqual(Promoter.objects.count(), 3)

    def test_queue_query_count_does_not_grow_with_page_size(self):
        self.upload([{"id": f"q{i}", "text": f"Job {i} in Dubai, azad visa"} for i in range(30)])
        self.sign_in(self.fia_investigator)
        self.client.get("/api/ads/?page_size=5")  # warm the session and grants
        with CaptureQueriesContext(connection) as small:
            self.client.get("/api/ads/?page_size=5")
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get("/api/ads/?page_size=30")
        # 9 for the page; the rest seal the view's journal row into the audit chain inline (the
        # embedded default), one more on PostgreSQL (its SET LOCAL that lets the sealer delete).
        self.assertLessEqual(len(small.captured_queries), 15)
        self.assertGreater(Ad.objects.count(), 29)


class HomeWorkTest(ScreeningTestCase):
    def test_home_counts_high_risk_ads_and_leads_to_approve(self):
        from rihai.screening import actions

        self.upload()
        actions.do_decide_ad(
            ad=self.ad("a1"),
            decision="lead",
            note="n",
            target_agency=self.beoe,
            acting_user=self.fia_investigator,
        )
        self.sign_in(self.fia_supervisor)
        page = self.client.get("/").content.decode()
        self.assertIn("leads awaiting your approval", page)
        self.assertIn("high-risk ads to review", page)
