"""Retrying a justice create with the same Idempotency-Key: one investigation, hearing,
evidence item, suspect; the first answer again (the investigation's detail, its view audited);
another body is a 409."""

from rihai.audit.models import AuditJournal, AuditLog
from rihai.justice.models import EvidenceItem, Hearing, Investigation, Suspect

from .helpers import JusticeTestCase

JSON = "application/json"


class RetriedJusticeCreatesTest(JusticeTestCase):
    def setUp(self):
        self.sign_in(self.fia_investigator)

    def post(self, url, body, key):
        return self.client.post(url, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)

    def test_a_retried_investigation_is_one_investigation_with_one_reference(self):
        body = {"complaint_number": "C-12", "complaint_date": "2024-03-01",
                "offence_codes": ["ptpa-3-2"]}  # fmt: skip
        first = self.post("/api/investigations/", body, "open-1")
        self.assertEqual(first.status_code, 201, first.content)
        views = AuditJournal.objects.count() + AuditLog.objects.count()
        again = self.post("/api/investigations/", body, "open-1")
        self.assertEqual(again.status_code, 201, again.content)
        self.assertEqual(again["Idempotent-Replayed"], "true")
        self.assertEqual(again.json()["reference"], first.json()["reference"])
        self.assertEqual(Investigation.objects.count(), 1)
        # The replay shows the investigation again: one more audited view, nothing else.
        self.assertEqual(AuditJournal.objects.count() + AuditLog.objects.count(), views + 1)
        other = self.post("/api/investigations/", {**body, "complaint_number": "C-13"}, "open-1")
        self.assertEqual(other.status_code, 409, other.content)
        self.assertEqual(Investigation.objects.count(), 1)

    def test_hearing_evidence_and_suspect_retried_make_one_each(self):
        base = f"/api/investigations/{self.advance(self.investigation(), 'fir', 'challan').pk}"
        for url, body, model in [
            (f"{base}/hearings/", {"on": "2024-04-01", "court_name": "Test Court"}, Hearing),
            (
                f"{base}/evidence/",
                {"kind": "document", "description": "Demo contract", "collected_on": "2024-03-02"},
                EvidenceItem,
            ),
            (f"{base}/suspects/", {"role": "recruiter", "name_roman": "Api Demo"}, Suspect),
        ]:
            with self.subTest(url):
                first = self.post(url, body, f"k {url}")
                self.assertEqual(first.status_code, 200, first.content)
                count = model.objects.count()
                again = self.post(url, body, f"k {url}")
                self.assertEqual(again.status_code, 200, again.content)
                self.assertEqual(again["Idempotent-Replayed"], "true")
                self.assertEqual(model.objects.count(), count)
                self.assertEqual(again.json(), first.json())

    def test_another_agency_replaying_a_path_it_cannot_see_gets_404(self):
        inv = self.advance(self.investigation(), "fir", "challan")
        url = f"/api/investigations/{inv.pk}/hearings/"
        body = {"on": "2024-04-01", "court_name": "Test Court"}
        self.assertEqual(self.post(url, body, "k").status_code, 200)
        self.sign_in(self.ngo_investigator)
        self.assertEqual(self.post(url, body, "k").status_code, 404)
        self.assertEqual(Hearing.objects.count(), 1)
