"""Retrying a screening create with the same Idempotency-Key: an uploaded file (multipart: a
new boundary on each try, the same bytes), a decision, a lead taken into an inquiry."""

from django.core.files.uploadedfile import SimpleUploadedFile

from rihai.justice.models import Investigation
from rihai.screening.models import AdBatch, AdDecision

from .helpers import ADS, ScreeningTestCase, jsonl
from .test_lead_handoff import sent_lead


class RetriedScreeningCreatesTest(ScreeningTestCase):
    def setUp(self):
        self.sign_in(self.fia_investigator)

    def upload_file(self, content: bytes, key: str):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                "/api/ad-batches/",
                {"file": SimpleUploadedFile("ads.jsonl", content)},
                HTTP_IDEMPOTENCY_KEY=key,
            )

    def test_a_retried_upload_is_one_batch_and_another_file_with_the_key_is_409(self):
        first = self.upload_file(jsonl(ADS), "up-1")
        self.assertEqual(first.status_code, 201, first.content)
        again = self.upload_file(jsonl(ADS), "up-1")
        self.assertEqual(again.status_code, 201, again.content)
        self.assertEqual(again["Idempotent-Replayed"], "true")
        self.assertEqual(again.json()["id"], first.json()["id"])
        other = self.upload_file(jsonl(ADS[:1]), "up-1")
        self.assertEqual(other.status_code, 409, other.content)
        self.assertEqual(AdBatch.objects.count(), 1)

    def test_a_retried_lead_take_opens_one_inquiry(self):
        self.upload()
        lead = sent_lead(self)
        url = f"/api/leads/{lead.pk}/take/"
        first = self.client.post(url, {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="t")
        self.assertEqual(first.status_code, 201, first.content)
        again = self.client.post(url, {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="t")
        self.assertEqual(again.status_code, 201, again.content)
        self.assertEqual(again.json(), first.json())
        self.assertEqual(Investigation.objects.count(), 1)

    def test_a_retried_decision_is_one_decision(self):
        self.upload()
        url = f"/api/ads/{self.ad('a1').pk}/decision/"
        body = {"decision": "dismiss", "note": "A real job"}
        first = self.client.post(
            url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="d"
        )
        self.assertEqual(first.status_code, 201, first.content)
        again = self.client.post(
            url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="d"
        )
        self.assertEqual(again.json(), first.json())
        self.assertEqual(AdDecision.objects.count(), 1)
