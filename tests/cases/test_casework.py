"""Case work: notes, documents, tasks, flags and history — the actions, bad input (nothing saved
half-way, a message in both languages) and who may read what."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone, translation

from rihai.accounts.access import RecordNotFound
from rihai.cases import casework_queries as cq
from rihai.cases.actions import casework as ca
from rihai.cases.models import CaseDocument, CaseFlag, CaseNote, CaseTask
from tests.base import make_user

from .casework_helpers import tiny_pdf, tiny_png
from .helpers import CaseTestCase

TODAY = timezone.localdate


class CaseworkTestCase(CaseTestCase):
    def setUp(self):
        self.case_ = self.case()  # opened by (and assigned to) fia_case_worker
        self.case_.refresh_from_db()

    def note(self, **kw):
        kw.setdefault("kind", "visit")
        kw.setdefault("text", "Demo: visited at the shelter; she is well.")
        return ca.do_add_note(case=self.case_, acting_user=self.fia_case_worker, **kw)


class NotesTest(CaseworkTestCase):
    def test_a_note_is_encrypted_at_rest_and_audited(self):
        note = self.note()
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("select text from cases_casenote where id = %s", [note.pk])
            stored = cursor.fetchone()[0]
        self.assertNotIn("shelter", stored)
        self.assertEqual(CaseNote.objects.get(pk=note.pk).text, note.text)
        from rihai.audit.models import AuditLog

        row = AuditLog.objects.get(event="note-added", object_id=str(note.pk))
        self.assertNotIn("shelter", str(row.extra))

    def test_confidential_notes_only_for_owner_supervisors_and_author(self):
        secret = self.note(confidential=True, text="Demo: she named the recruiter.")
        self.note(text="Demo: routine call.", kind="call")
        investigator = self.fia_investigator  # sees the whole agency's cases, not the secret
        self.assertEqual(
            [n.pk for n in cq.case_notes(investigator, self.case_) if n.confidential], []
        )
        self.assertEqual(cq.case_notes(investigator, self.case_).count(), 1)
        for reader in (self.fia_case_worker, self.fia_supervisor):
            self.assertIn(secret, list(cq.case_notes(reader, self.case_)))
        # The page says nothing of it either.
        self.sign_in(investigator)
        body = self.client.get(f"/cases/{self.case_.pk}/notes/").content.decode()
        self.assertIn("routine call", body)
        self.assertNotIn("recruiter", body)
        self.sign_in(self.fia_supervisor)
        body = self.client.get(f"/cases/{self.case_.pk}/notes/").content.decode()
        self.assertIn("recruiter", body)

    def test_a_case_worker_not_on_the_case_reads_no_confidential_note(self):
        from rihai.cases import actions

        secret = self.note(confidential=True, text="Demo: she named the recruiter.")
        colleague = make_user(self.fia, "case-worker", username="fia-cw-2")
        # Not on the case at all: the case itself is not found, notes included.
        self.sign_in(colleague)
        self.assertEqual(self.client.get(f"/cases/{self.case_.pk}/notes/").status_code, 404)
        self.assertEqual(self.client.get(f"/api/cases/{self.case_.pk}/notes/").status_code, 404)
        # The worker who opened the case and handed it over still sees the case (they created
        # it) but is no longer its owner: the confidential note of the new owner is hidden.
        actions.do_reassign_case(
            case=self.case_, assigned_to=colleague, acting_user=self.fia_supervisor
        )
        self.case_.refresh_from_db()
        theirs = ca.do_add_note(
            case=self.case_,
            kind="call",
            text="Demo: new owner's secret",
            confidential=True,
            acting_user=colleague,
        )
        mine = list(cq.case_notes(self.fia_case_worker, self.case_))
        self.assertNotIn(theirs, mine)
        self.assertIn(secret, mine)  # their own note, as its author
        self.assertIn(theirs, list(cq.case_notes(colleague, self.case_)))

    def test_an_empty_note_is_refused_in_both_languages_and_nothing_saved(self):
        for language, expected in (("en", "Write the note"), ("ur", "نوٹ")):
            with translation.override(language), self.assertRaises(ValidationError) as caught:
                self.note(text="   ")
            self.assertIn(expected, str(caught.exception))
        self.assertEqual(CaseNote.objects.count(), 0)
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            f"/cases/{self.case_.pk}/notes/",
            {"kind": "visit", "text": ""},
            HTTP_ACCEPT_LANGUAGE="ur",
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "errorlist")
        self.assertEqual(CaseNote.objects.count(), 0)

    def test_another_agency_cannot_add_or_read(self):
        with self.assertRaises(RecordNotFound):
            ca.do_add_note(
                case=self.case_, kind="call", text="Demo", acting_user=self.ngo_supervisor
            )
        with self.assertRaises(RecordNotFound):
            cq.case_notes(self.ngo_supervisor, self.case_)
        self.assertEqual(CaseNote.objects.count(), 0)


class DocumentsTest(CaseworkTestCase):
    def upload(self, data, title="Demo passport scan", user=None):
        return ca.do_add_document(
            case=self.case_, title=title, data=data, acting_user=user or self.fia_case_worker
        )

    def test_a_document_is_encrypted_with_its_own_key(self):
        pdf = tiny_pdf()
        first, second = self.upload(pdf), self.upload(pdf)
        stored = CaseDocument.objects.get(pk=first.pk)
        self.assertEqual(stored.content_type, "application/pdf")
        self.assertNotIn(b"%PDF", bytes(stored.ciphertext))
        self.assertNotEqual(stored.file_key, CaseDocument.objects.get(pk=second.pk).file_key)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("select file_key, title from cases_casedocument where id=%s", [first.pk])
            key, title = cursor.fetchone()
        self.assertTrue(key.startswith("enc1:"))
        self.assertNotIn("passport", title)
        self.assertGreaterEqual(len(stored.public_id), 32)

    def test_the_type_comes_from_the_content_not_the_name(self):
        for data in (b"<html><script>alert(1)</script>", b"MZ\x90\x00 an exe", b"GIF89a..."):
            with self.assertRaises(ValidationError):
                self.upload(data)
        self.assertEqual(CaseDocument.objects.count(), 0)
        self.sign_in(self.fia_case_worker)
        fake = SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>", content_type="image/png")
        response = self.client.post(
            f"/cases/{self.case_.pk}/documents/", {"title": "Demo", "file": fake}
        )
        self.assertContains(response, "PDF, PNG or JPEG")
        self.assertEqual(CaseDocument.objects.count(), 0)
        with translation.override("ur"), self.assertRaises(ValidationError) as caught:
            self.upload(b"plain text")
        self.assertNotIn("PNG or JPEG", str(caught.exception))

    @override_settings(CASE_DOCUMENT_MAX_BYTES=1024 * 1024)
    def test_too_large_is_refused_before_anything_is_saved(self):
        big = tiny_png() + b"\x00" * (1024 * 1024)
        with self.assertRaises(ValidationError) as caught:
            self.upload(big)
        self.assertIn("too large", str(caught.exception))
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            f"/cases/{self.case_.pk}/documents/",
            {"title": "Demo", "file": SimpleUploadedFile("a.png", big)},
        )
        self.assertContains(response, "too large")
        self.assertEqual(CaseDocument.objects.count(), 0)

    def test_served_only_through_the_checked_view_as_an_attachment(self):
        document = self.upload(tiny_pdf())
        url = f"/cases/{self.case_.pk}/documents/{document.public_id}/"
        self.sign_in(self.fia_case_worker)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, tiny_pdf())
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("sandbox", response["Content-Security-Policy"])
        # A PDF is never shown inline, whatever the query says.
        self.assertTrue(
            self.client.get(url + "?preview=1")["Content-Disposition"].startswith("attachment;")
        )
        from rihai.audit.models import AuditLog

        self.assertEqual(
            AuditLog.objects.filter(event="document-viewed", object_id=str(document.pk)).count(),
            2,
        )

    def test_an_image_previews_inline(self):
        document = self.upload(tiny_png(), title="Demo photo")
        self.sign_in(self.fia_case_worker)
        response = self.client.get(
            f"/cases/{self.case_.pk}/documents/{document.public_id}/?preview=1"
        )
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertTrue(response["Content-Disposition"].startswith("inline;"))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_guessed_ids_and_other_cases_get_the_same_404(self):
        document = self.upload(tiny_pdf())
        other_case = self.case()
        self.sign_in(self.fia_case_worker)
        # One character changed, never to itself (a random id may already end in "x").
        guessed = document.public_id[:-1] + ("y" if document.public_id.endswith("x") else "x")
        for url in (
            f"/cases/{self.case_.pk}/documents/{document.pk}/",
            f"/cases/{self.case_.pk}/documents/{guessed}/",
            f"/cases/{other_case.pk}/documents/{document.public_id}/",
            f"/cases/{self.case_.pk}/documents/..%2F..%2Fsettings/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        for user in (self.ngo_supervisor, self.ngo_case_worker):
            self.sign_in(user)
            response = self.client.get(f"/cases/{self.case_.pk}/documents/{document.public_id}/")
            self.assertEqual(response.status_code, 404)
        self.client.logout()
        response = self.client.get(f"/cases/{self.case_.pk}/documents/{document.public_id}/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_no_file_is_written_under_media(self):
        import os

        from django.conf import settings

        root = getattr(settings, "MEDIA_ROOT", "") or ""
        before = sum(len(f) for _d, _s, f in os.walk(root)) if root and os.path.isdir(root) else 0
        self.upload(tiny_png())
        after = sum(len(f) for _d, _s, f in os.walk(root)) if root and os.path.isdir(root) else 0
        self.assertEqual(before, after)


class TasksTest(CaseworkTestCase):
    def task(self, **kw):
        kw.setdefault("title", "Demo: call the shelter")
        kw.setdefault("due_on", TODAY() + timedelta(days=2))
        kw.setdefault("assigned_to", self.fia_case_worker)
        return ca.do_add_task(case=self.case_, acting_user=self.fia_case_worker, **kw)

    def test_due_in_the_past_is_refused_in_both_languages(self):
        for language in ("en", "ur"):
            with translation.override(language), self.assertRaises(ValidationError) as caught:
                self.task(due_on=TODAY() - timedelta(days=1))
            self.assertIn("due_on", caught.exception.message_dict)
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            f"/cases/{self.case_.pk}/tasks/",
            {
                "title": "Demo follow-up",
                "due_on": (TODAY() - timedelta(days=3)).isoformat(),
                "assigned_to": self.fia_case_worker.pk,
            },
        )
        self.assertContains(response, "cannot be in the past")
        self.assertContains(response, 'value="Demo follow-up"')  # what was typed stays
        self.assertEqual(CaseTask.objects.count(), 0)

    def test_the_assignee_must_hold_cases_at_the_agency_and_see_this_one(self):
        colleague = make_user(self.fia, "case-worker", username="fia-cw-2")  # not on the case
        for who in (self.ngo_case_worker, self.fia_analyst, colleague):
            with self.assertRaises(ValidationError):
                self.task(assigned_to=who)
        self.assertEqual(CaseTask.objects.count(), 0)
        self.assertEqual(
            self.task(assigned_to=self.fia_investigator).assigned_to, self.fia_investigator
        )

    def test_done_and_undone(self):
        task = self.task()
        ca.do_set_task_done(task=task, done=True, acting_user=self.fia_case_worker)
        task.refresh_from_db()
        self.assertIsNotNone(task.done_on)
        ca.do_set_task_done(task=task, done=False, acting_user=self.fia_case_worker)
        task.refresh_from_db()
        self.assertIsNone(task.done_on)
        with self.assertRaises(RecordNotFound):
            ca.do_set_task_done(task=task, done=True, acting_user=self.ngo_supervisor)


class FlagsTest(CaseworkTestCase):
    def test_a_flag_needs_a_reason_and_is_lifted_with_one(self):
        for language in ("en", "ur"):
            with translation.override(language), self.assertRaises(ValidationError):
                ca.do_raise_flag(
                    case=self.case_, kind="security", reason=" ", acting_user=self.fia_case_worker
                )
        self.assertEqual(CaseFlag.objects.count(), 0)
        flag = ca.do_raise_flag(
            case=self.case_,
            kind="security",
            reason="Demo: the recruiter came to the shelter",
            acting_user=self.fia_case_worker,
        )
        with self.assertRaises(ValidationError):  # the same flag twice
            ca.do_raise_flag(
                case=self.case_, kind="security", reason="Demo", acting_user=self.fia_case_worker
            )
        with self.assertRaises(ValidationError):
            ca.do_lift_flag(flag=flag, reason="", acting_user=self.fia_case_worker)
        flag.refresh_from_db()
        self.assertTrue(flag.is_standing)
        ca.do_lift_flag(flag=flag, reason="Demo: moved", acting_user=self.fia_supervisor)
        flag.refresh_from_db()
        self.assertFalse(flag.is_standing)
        # Raised again after lifting: a new row, the old one kept.
        ca.do_raise_flag(
            case=self.case_, kind="security", reason="Demo again", acting_user=self.fia_case_worker
        )
        self.assertEqual(CaseFlag.objects.filter(case=self.case_).count(), 2)

    def test_flag_page_without_reason_shows_the_error(self):
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            f"/cases/{self.case_.pk}/flags/", {"kind": "interpreter", "reason": ""}
        )
        self.assertContains(response, "Give the reason for this flag")
        self.assertEqual(CaseFlag.objects.count(), 0)

    def test_standing_flags_show_on_the_case_page(self):
        ca.do_raise_flag(
            case=self.case_,
            kind="no-family-contact",
            reason="Demo: the family sold her",
            acting_user=self.fia_case_worker,
        )
        self.sign_in(self.fia_case_worker)
        response = self.client.get(f"/cases/{self.case_.pk}/")
        self.assertContains(response, "Do not contact the family")
        self.assertNotContains(response, "the family sold her")  # the reason is on its tab


class HistoryTest(CaseworkTestCase):
    def test_history_shows_who_what_when_without_personal_data(self):
        ca.do_add_note(
            case=self.case_,
            kind="call",
            text="Demo: secret words",
            confidential=True,
            acting_user=self.fia_case_worker,
        )
        ca.do_raise_flag(
            case=self.case_, kind="security", reason="Demo reason", acting_user=self.fia_case_worker
        )
        from rihai.cases import actions

        actions.do_request_status_change(
            case=self.case_, to_status="presumed", acting_user=self.fia_case_worker
        )
        self.sign_in(self.fia_investigator)
        response = self.client.get(f"/cases/{self.case_.pk}/history/")
        self.assertContains(response, "Presumed victim")  # the move, from coded values
        self.assertContains(response, "Security risk")
        body = response.content.decode()
        for event in ("Note added", "Flag raised", "Record created"):
            self.assertIn(event, body)
        person = self.case_.members.get().person
        for secret in ("secret words", "Demo reason", person.name_roman, person.name_ur):
            self.assertNotIn(secret, body)
        self.assertNotIn("Personal data viewed", body)
