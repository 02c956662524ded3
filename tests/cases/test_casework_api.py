"""The case work API: the same actions as the pages, the same refusals, the same messages."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rihai.cases.models import CaseDocument, CaseFlag, CaseNote, CaseTask

from .casework_helpers import tiny_pdf, tiny_png
from .helpers import CaseTestCase


class CaseworkApiTest(CaseTestCase):
    def setUp(self):
        self.case_ = self.case()
        self.base = f"/api/cases/{self.case_.pk}"
        self.sign_in(self.fia_case_worker)

    def post(self, path, data):
        return self.client.post(self.base + path, data, content_type="application/json")

    def test_notes_tasks_flags_round_trip(self):
        self.assertEqual(
            self.post("/notes/", {"kind": "call", "text": "Demo call"}).status_code, 201
        )
        self.assertEqual(self.client.get(self.base + "/notes/").json()[0]["text"], "Demo call")
        due = (timezone.localdate() + timedelta(days=1)).isoformat()
        task = self.post(
            "/tasks/", {"title": "Demo", "due_on": due, "assigned_to": self.fia_case_worker.pk}
        )
        self.assertEqual(task.status_code, 201)
        done = self.post(f"/tasks/{task.json()['id']}/done/", {"done": True})
        self.assertTrue(done.json()["done"])
        flag = self.post("/flags/", {"kind": "security", "reason": "Demo"})
        self.assertEqual(flag.status_code, 201)
        lifted = self.post(f"/flags/{flag.json()['id']}/lift/", {"reason": "Demo: safe now"})
        self.assertFalse(lifted.json()["standing"])
        events = [row["event"] for row in self.client.get(self.base + "/history/").json()]
        for event in ("note-added", "task-added", "task-done", "flag-raised", "flag-lifted"):
            self.assertIn(event, events)

    def test_bad_input_is_a_400_with_the_field_and_nothing_saved(self):
        past = (timezone.localdate() - timedelta(days=1)).isoformat()
        cases = [
            ("/notes/", {"kind": "call", "text": "  "}, "text"),
            ("/notes/", {"kind": "gossip", "text": "Demo"}, "kind"),
            (
                "/tasks/",
                {"title": "Demo", "due_on": past, "assigned_to": self.fia_case_worker.pk},
                "due_on",
            ),
            ("/flags/", {"kind": "security", "reason": ""}, "reason"),
        ]
        for path, data, field in cases:
            response = self.post(path, data)
            self.assertEqual(response.status_code, 400, path)
            self.assertIn(field, response.json(), path)
        response = self.client.post(
            self.base + "/documents/",
            {"title": "Demo", "file": SimpleUploadedFile("x.pdf", b"<html></html>")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("file", response.json())
        for model in (CaseNote, CaseTask, CaseFlag, CaseDocument):
            self.assertEqual(model.objects.count(), 0)

    def test_documents_upload_list_and_download(self):
        response = self.client.post(
            self.base + "/documents/",
            {"title": "Demo photo", "file": SimpleUploadedFile("photo.jpg", tiny_png())},
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["content_type"], "image/png")  # by content, not name
        document_id = response.json()["id"]
        listed = self.client.get(self.base + "/documents/").json()
        self.assertEqual([d["id"] for d in listed], [document_id])
        got = self.client.get(f"{self.base}/documents/{document_id}/")
        self.assertEqual(got.content, tiny_png())
        self.assertEqual(got["X-Content-Type-Options"], "nosniff")
        self.assertTrue(got["Content-Disposition"].startswith("attachment;"))
        self.sign_in(self.ngo_supervisor)
        self.assertEqual(self.client.get(f"{self.base}/documents/{document_id}/").status_code, 404)

    def test_confidential_notes_stay_out_of_the_api_for_others(self):
        self.post("/notes/", {"kind": "contact", "text": "Demo secret", "confidential": True})
        self.sign_in(self.fia_investigator)
        self.assertEqual(self.client.get(self.base + "/notes/").json(), [])
        self.sign_in(self.fia_supervisor)
        self.assertEqual(len(self.client.get(self.base + "/notes/").json()), 1)

    def test_pdf_upload_through_the_api(self):
        response = self.client.post(
            self.base + "/documents/",
            {"title": "Demo report", "file": SimpleUploadedFile("r.pdf", tiny_pdf())},
        )
        self.assertEqual(response.status_code, 201)
