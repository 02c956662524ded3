"""Retention, holds and erasure (issue 18, part 2).

A person whose last case ended more than the retention period ago is anonymised by
``manage.py purge``; a dry run changes nothing; a hold (manual, or an investigation linked
to the case) keeps the record; an erasure leaves no personal data in any column and the
audit chain still verifies.
"""

from datetime import date, timedelta
from io import StringIO

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from rihai.accounts.access import RecordNotFound
from rihai.audit.chain import verify_chain
from rihai.audit.models import AuditLog
from rihai.cases.actions.casework import do_add_document, do_add_note, do_add_task, do_raise_flag
from rihai.cases.erasure import do_erase_person
from rihai.cases.models import Case, CaseDocument, CaseNote, Person
from rihai.justice.models import Investigation, VictimLink
from rihai.ops.actions import do_lift_hold, do_place_hold, do_reject_erasure, do_request_erasure
from rihai.ops.backup.tables import backed_up_models
from tests.cases.helpers import CaseTestCase

from .helpers import raw_tables

# The smallest valid PNG (a 1x1 transparent pixel): a document to erase.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)

PERSON_SECRETS = ("Samina", "ثمینہ", "35202-1111111-1", "3001234567", "Kiln Road", "Rashid")


def close_long_ago(case: Case, *, years: int = 11) -> None:
    Case.objects.filter(pk=case.pk).update(
        status="closed", closed_on=date.today() - timedelta(days=365 * years)
    )


def raw_person(person: Person) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_person WHERE id = %s", [person.pk])
        names = [c[0] for c in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


class World(CaseTestCase):
    def survivor(self, **fields):
        data = {
            "name_roman": "Samina Demo",
            "cnic": "35202-1111111-1",
            "phone": "+923001234567",
            "address": "Kiln Road, synthetic village",
            "guardian_name": "Rashid Demo",
        }
        data.update(fields)
        person = self.person(**data)
        case = self.case(person=person)
        Case.objects.filter(pk=case.pk).update(summary="Samina was kept at the kiln")
        return person, case

    def purge(self, *args) -> str:
        out = StringIO()
        call_command("purge", *args, "--ids", stdout=out)
        return out.getvalue()


class RetentionTest(World):
    def test_a_dry_run_reports_and_changes_nothing(self):
        expired, case = self.survivor()
        close_long_ago(case)
        self.survivor(cnic="35202-2222222-2")  # open case: kept
        before = raw_tables(backed_up_models())
        out = self.purge("--dry-run")
        self.assertIn("cases.person: kept 3650 days", out)
        self.assertIn("would anonymise 1, held 0", out)
        self.assertIn(f"anonymise: {expired.pk}\n", out)
        self.assertEqual(raw_tables(backed_up_models()), before)

    def test_the_purge_anonymises_exactly_what_expired_once_with_one_audit_row_each(self):
        expired, case = self.survivor()
        close_long_ago(case)
        recent, recent_case = self.survivor(cnic="35202-2222222-2")
        close_long_ago(recent_case, years=2)  # closed, but within the period
        open_person, _open_case = self.survivor(cnic="35202-3333333-3")
        both, old_case = self.survivor(cnic="35202-4444444-4")
        close_long_ago(old_case)
        self.case(person=both)  # a newer, open case keeps the person
        kept = {p.pk: raw_person(p) for p in (recent, open_person, both)}

        out = self.purge()
        self.assertIn("anonymised 1, skipped 0, held 0", out)
        row = raw_person(expired)
        for column in ("name_roman", "name_ur", "cnic", "cnic_bidx", "phone", "address"):
            self.assertEqual(row[column], "", column)
        self.assertEqual(row["sex"], "female")  # statistics stay
        self.assertEqual(Case.objects.get(pk=case.pk).summary, "")
        for pk, raw in kept.items():
            self.assertEqual(raw_person(Person(pk=pk)), raw)
        rows = AuditLog.objects.filter(event="retention-anonymised")
        self.assertEqual(
            list(rows.values_list("object_type", "object_id")), [("cases.person", str(expired.pk))]
        )
        self.assertIsNone(verify_chain())
        # Resumable and idempotent: a second run finds nothing left to do.
        self.assertIn("anonymised 0, skipped 0, held 0", self.purge())
        self.assertEqual(rows.count(), 1)

    def test_a_manual_hold_and_an_investigation_keep_the_record(self):
        held, case = self.survivor()
        close_long_ago(case)
        hold = do_place_hold(
            record_type="cases.person",
            object_id=held.pk,
            reason="FIR 7/2027, Lahore",
            acting_user=self.fia_supervisor,
        )
        in_court, court_case = self.survivor(cnic="35202-5555555-5")
        close_long_ago(court_case)
        investigation = Investigation.objects.create(
            agency=self.fia,
            reference="INV-1",
            complaint_number="C-1",
            complaint_date=date.today(),
            investigating_officer=self.fia_investigator,
            stage_since=date.today(),
            created_by=self.fia_investigator,
        )
        VictimLink.objects.create(
            investigation=investigation, case=court_case, linked_by=self.fia_investigator
        )
        before = {p.pk: raw_person(p) for p in (held, in_court)}

        out = self.purge()
        self.assertIn("anonymised 0, skipped 0, held 2", out)
        self.assertIn(f"{held.pk}(manual-hold)", out)
        self.assertIn(f"{in_court.pk}(rule-hold)", out)
        self.assertEqual({p: raw_person(Person(pk=p)) for p in before}, before)

        do_lift_hold(hold=hold, reason="Judgment final", acting_user=self.fia_supervisor)
        self.assertIn("anonymised 1, skipped 0, held 1", self.purge())
        self.assertEqual(raw_person(held)["cnic"], "")

    def test_only_a_supervisor_in_scope_places_a_hold_with_a_reason(self):
        person, _case = self.survivor()
        call = {"record_type": "cases.person", "object_id": person.pk, "reason": "FIR 1"}
        with self.assertRaises(RecordNotFound):
            do_place_hold(**call, acting_user=self.fia_case_worker)
        with self.assertRaises(RecordNotFound):
            do_place_hold(**call, acting_user=self.ngo_supervisor)
        with self.assertRaises(ValidationError):
            do_place_hold(**{**call, "reason": "  "}, acting_user=self.fia_supervisor)
        with self.assertRaises(ValidationError):
            do_place_hold(
                **{**call, "record_type": "cases.nothing"}, acting_user=self.fia_supervisor
            )

    def test_retention_days_override_the_default_and_unknown_types_are_refused(self):
        _person, case = self.survivor()
        close_long_ago(case)
        with override_settings(RETENTION_DAYS={"cases.person": 365 * 20}):
            self.assertIn("would anonymise 0", self.purge("--dry-run"))
        with override_settings(RETENTION_DAYS={"cases.persons": 10}):
            with self.assertRaisesMessage(CommandError, "RETENTION_DAYS names unknown"):
                self.purge("--dry-run")


class ErasureTest(World):
    def request(self, person, user=None):
        return do_request_erasure(
            person=person, basis="consent-withdrawn", acting_user=user or self.fia_case_worker
        )

    def all_plaintext(self) -> str:
        """Every encrypted column of every table, decrypted, and every plain text column."""
        found = []
        for model in apps.get_models():
            if model._meta.app_label in ("audit",) or not model._meta.managed:
                continue
            text_fields = [
                f.attname
                for f in model._meta.local_concrete_fields
                if f.get_internal_type() in ("CharField", "TextField", "JSONField")
            ]
            for values in model._base_manager.values_list(*text_fields):
                found.extend(str(v) for v in values)
        return "\n".join(found)

    def test_an_erasure_leaves_no_personal_data_and_the_chain_still_verifies(self):
        person, case = self.survivor()
        before = self.all_plaintext()
        for secret in PERSON_SECRETS:
            self.assertIn(secret, before)  # the scan sees the data before the erasure
        request = self.request(person)
        events_before = list(
            AuditLog.objects.filter(
                object_type="cases.person", object_id=str(person.pk)
            ).values_list("id", "event")
        )
        do_erase_person(request=request, acting_user=self.fia_supervisor)

        plaintext = self.all_plaintext()
        for secret in PERSON_SECRETS:
            self.assertFalse(secret in plaintext, f"{secret!r} survived the erasure")
        row = raw_person(person)
        for column, value in row.items():
            if column.endswith("_bidx") or column in ("name_ur", "name_roman", "cnic", "phone"):
                self.assertEqual(value, "", column)
        self.assertEqual(raw_person(person)["id"], person.pk)  # the id stays
        # The chain keeps ids and event types, verifies, and gained the erasure's own row.
        self.assertIsNone(verify_chain())
        after = AuditLog.objects.filter(object_type="cases.person", object_id=str(person.pk))
        self.assertEqual(
            list(after.values_list("id", "event"))[: len(events_before)], events_before
        )
        self.assertTrue(after.filter(event="person-erased").exists())
        self.assertIn("would anonymise 0", self.purge("--dry-run"))  # in the ledger
        self.assertEqual(Case.objects.get(pk=case.pk).summary, "")

    def test_an_erasure_also_clears_the_case_work_about_the_survivor(self):
        person, case = self.survivor()
        worker = self.fia_case_worker
        do_add_note(case=case, kind="visit", text="Samina met at Kiln Road", acting_user=worker)
        do_add_task(
            case=case,
            title="Call Samina",
            due_on=date.today(),
            assigned_to=worker,
            acting_user=worker,
        )
        do_raise_flag(
            case=case, kind="security", reason="Rashid threatens Samina", acting_user=worker
        )
        do_add_document(case=case, title="Samina CNIC", data=PNG, acting_user=worker)
        self.assertIn("Samina", self.all_plaintext())
        do_erase_person(request=self.request(person), acting_user=self.fia_supervisor)
        plaintext = self.all_plaintext()
        for secret in ("Samina", "Kiln Road", "Rashid"):
            self.assertNotIn(secret, plaintext)
        self.assertFalse(CaseDocument.objects.filter(case=case).exists())
        self.assertEqual(CaseNote.objects.filter(case=case).count(), 1)  # the row stays, blank

    def test_the_requester_cannot_approve_and_a_case_worker_cannot_erase(self):
        person, _case = self.survivor()
        own = self.request(person, user=self.fia_supervisor)
        with self.assertRaises(ValidationError):
            do_erase_person(request=own, acting_user=self.fia_supervisor)
        do_reject_erasure(request=own, acting_user=self.fia_supervisor)
        request = self.request(person)
        with self.assertRaises(RecordNotFound):
            do_erase_person(request=request, acting_user=self.fia_case_worker)
        self.assertNotEqual(raw_person(person)["cnic_bidx"], "")

    def test_a_held_person_cannot_be_erased(self):
        person, _case = self.survivor()
        request = self.request(person)
        do_place_hold(
            record_type="cases.person",
            object_id=person.pk,
            reason="Court order 3/2027",
            acting_user=self.fia_supervisor,
        )
        with self.assertRaises(ValidationError):
            do_erase_person(request=request, acting_user=self.fia_supervisor)
        self.assertNotEqual(raw_person(person)["cnic"], "")

    def test_the_erasure_also_covers_records_merged_into_the_person(self):
        person, _case = self.survivor()
        duplicate = self.person(
            name_roman="Samina D.", cnic="35202-1111111-1", duplicate_acknowledged=True
        )
        Person.objects.filter(pk=duplicate.pk).update(merged_into=person)
        do_erase_person(request=self.request(person), acting_user=self.fia_supervisor)
        self.assertEqual(raw_person(duplicate)["cnic"], "")
        self.assertEqual(raw_person(duplicate)["name_roman"], "")
