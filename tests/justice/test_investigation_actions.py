"""Investigations: the stage machine, dates, offences in force, outcome, hearings, evidence."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rihai.accounts.access import RecordNotFound
from rihai.justice import actions
from rihai.justice.models import (
    CustodyEntry,
    Investigation,
    InvestigationOffence,
    OffenceVersion,
    StageEvent,
)

from .helpers import COMPLAINT_DAY, JusticeTestCase


class OpenInvestigationTest(JusticeTestCase):
    def test_opens_at_the_users_agency_with_the_offence_in_force_and_audits(self):
        inv = self.investigation()
        self.assertEqual(inv.agency, self.fia)
        self.assertEqual(inv.stage, "complaint")
        self.assertTrue(inv.reference.startswith("TFIA-INV-"))
        version = inv.offences.get().offence_version
        self.assertEqual(version.offence.code, "ptpa-3-1")
        self.assertEqual(version.in_force_from, date(2018, 5, 30))
        self.assertEqual(self.audit_events()[-1], "investigation-opened")

    def test_unknown_offence_saves_nothing(self):
        with self.assertRaisesMessage(ValidationError, "Unknown offence"):
            self.investigation(offence_codes=["ptpa-3-1", "no-such-law"])
        self.assertFalse(Investigation.objects.exists())
        self.assertFalse(StageEvent.objects.exists())

    def test_offence_not_in_force_on_the_date_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "was not in force"):
            self.investigation(complaint_date=date(2017, 1, 5))
        self.assertFalse(Investigation.objects.exists())

    def test_future_complaint_date_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "future"):
            self.investigation(complaint_date=timezone.localdate() + timedelta(days=1))

    def test_roles_without_the_grant_are_refused(self):
        for user in (
            self.fia_case_worker,
            self.fia_analyst,
            self.fia_administrator,
            self.fia_supervisor,
        ):
            with self.assertRaises(PermissionDenied):
                self.investigation(user=user)

    def test_an_officer_of_another_agency_cannot_be_named(self):
        with self.assertRaises(RecordNotFound):
            self.investigation(investigating_officer=self.ngo_investigator)
        with self.assertRaises(ValidationError):
            self.investigation(investigating_officer=self.fia_case_worker)


class StageMachineTest(JusticeTestCase):
    def test_the_whole_road_in_order(self):
        inv = self.advance(
            self.investigation(),
            "inquiry",
            "fir",
            "arrest",
            "challan",
            "trial",
            "judgment",
            "appeal",
        )
        self.assertEqual(inv.stage, "appeal")
        self.assertEqual(inv.fir_number, "FIR-77/2024")
        self.assertEqual(StageEvent.objects.filter(investigation=inv).count(), 8)

    def test_jumps_are_refused_and_nothing_changes(self):
        inv = self.investigation()
        for stage in ("judgment", "trial", "challan", "arrest", "appeal", "complaint"):
            with self.assertRaisesMessage(ValidationError, "next stage can only be"):
                actions.do_record_stage(
                    investigation=inv,
                    stage=stage,
                    on=COMPLAINT_DAY,
                    acting_user=self.fia_investigator,
                )
        inv.refresh_from_db()
        self.assertEqual(inv.stage, "complaint")
        self.assertEqual(StageEvent.objects.filter(investigation=inv).count(), 1)

    def test_judgment_before_fir_is_refused(self):
        inv = self.advance(self.investigation(), "inquiry")
        with self.assertRaises(ValidationError):
            actions.do_record_stage(
                investigation=inv,
                stage="judgment",
                on=date(2024, 4, 1),
                acting_user=self.fia_investigator,
            )

    def test_dates_in_the_future_or_before_the_previous_stage_are_refused(self):
        inv = self.investigation()
        with self.assertRaisesMessage(ValidationError, "future"):
            actions.do_record_stage(
                investigation=inv,
                stage="inquiry",
                on=timezone.localdate() + timedelta(days=3),
                acting_user=self.fia_investigator,
            )
        with self.assertRaisesMessage(ValidationError, "before"):
            actions.do_record_stage(
                investigation=inv,
                stage="inquiry",
                on=COMPLAINT_DAY - timedelta(days=1),
                acting_user=self.fia_investigator,
            )
        inv.refresh_from_db()
        self.assertEqual(inv.stage, "complaint")

    def test_fir_needs_a_number(self):
        inv = self.investigation()
        with self.assertRaisesMessage(ValidationError, "FIR number"):
            actions.do_record_stage(
                investigation=inv,
                stage="fir",
                on=date(2024, 3, 5),
                acting_user=self.fia_investigator,
            )

    def test_at_the_fir_offences_move_to_the_version_in_force_that_day(self):
        # A new dated version from 2024-03-03: the complaint (03-01) charged the old one, the
        # FIR (03-08) must carry the new one.
        ptpa = OffenceVersion.objects.filter(offence__code="ptpa-3-1").order_by("position")
        old = ptpa[0]
        inv = self.investigation()
        new = OffenceVersion.objects.create(
            offence=old.offence,
            position=9,
            in_force_from=date(2024, 3, 3),
            penalty="new",
            court="sessions",
            cognizable="yes",
            bailable="no",
            compoundable="no",
            verification="U",
            source="test",
            catalogue_version=99,
        )
        OffenceVersion.objects.filter(pk=old.pk).update(in_force_to=date(2024, 3, 2))
        self.assertEqual(inv.offences.get().offence_version_id, old.pk)
        self.advance(inv, "fir")
        self.assertEqual(
            InvestigationOffence.objects.get(investigation=inv).offence_version_id, new.pk
        )

    def test_another_agency_cannot_move_the_stage(self):
        inv = self.investigation()
        with self.assertRaises(RecordNotFound):
            actions.do_record_stage(
                investigation=inv,
                stage="inquiry",
                on=date(2024, 3, 4),
                acting_user=self.ngo_investigator,
            )
        with self.assertRaises(RecordNotFound):
            actions.do_record_stage(
                investigation=inv,
                stage="inquiry",
                on=date(2024, 3, 4),
                acting_user=self.fia_case_worker,
            )


class OffenceChargeTest(JusticeTestCase):
    def test_charges_the_version_in_force_once(self):
        inv = self.investigation()
        actions.do_charge_offence(
            investigation=inv, offence_code="ppc-371a", acting_user=self.fia_investigator
        )
        with self.assertRaisesMessage(ValidationError, "already charged"):
            actions.do_charge_offence(
                investigation=inv, offence_code="ppc-371a", acting_user=self.fia_investigator
            )
        with self.assertRaisesMessage(ValidationError, "Unknown offence"):
            actions.do_charge_offence(
                investigation=inv, offence_code="xyz", acting_user=self.fia_investigator
            )
        self.assertEqual(inv.offences.count(), 2)


class HearingsAndOutcomeTest(JusticeTestCase):
    def test_hearings_only_in_court_and_next_hearing_kept(self):
        inv = self.investigation()
        ahead = timezone.localdate() + timedelta(days=10)
        with self.assertRaisesMessage(ValidationError, "challan"):
            actions.do_schedule_hearing(
                investigation=inv,
                on=ahead,
                court_name="Sessions Court Lahore",
                acting_user=self.fia_investigator,
            )
        inv = self.advance(inv, "fir", "challan")
        actions.do_schedule_hearing(
            investigation=inv,
            on=ahead,
            court_name="Sessions Court Lahore",
            acting_user=self.fia_investigator,
        )
        inv.refresh_from_db()
        self.assertEqual(inv.next_hearing, ahead)

    def test_conviction_only_at_judgment_with_sentence_and_compensation(self):
        inv = self.advance(self.investigation(), "fir", "challan", "trial")
        with self.assertRaisesMessage(ValidationError, "at judgment"):
            actions.do_record_outcome(
                investigation=inv,
                outcome="conviction",
                on=date(2024, 5, 1),
                acting_user=self.fia_investigator,
            )
        inv = self.advance(inv, "judgment", start=date(2024, 3, 29))
        inv = actions.do_record_outcome(
            investigation=inv,
            outcome="conviction",
            on=inv.stage_since,
            acting_user=self.fia_investigator,
            sentence="5 years RI",
            fine_rupees=100000,
            compensation_ordered_rupees=200000,
        )
        self.assertEqual(inv.outcome, "conviction")
        with self.assertRaisesMessage(ValidationError, "between 0"):
            actions.do_record_compensation_paid(
                investigation=inv, amount_rupees=300000, acting_user=self.fia_investigator
            )
        actions.do_record_compensation_paid(
            investigation=inv, amount_rupees=50000, acting_user=self.fia_investigator
        )
        inv.refresh_from_db()
        self.assertEqual(inv.compensation_paid_rupees, 50000)
        with self.assertRaisesMessage(ValidationError, "closed"):
            actions.do_record_stage(
                investigation=inv,
                stage="appeal",
                on=inv.stage_since,
                acting_user=self.fia_investigator,
            )

    def test_withdrawal_needs_a_supervisor_and_compromise_a_compoundable_offence(self):
        inv = self.advance(self.investigation(), "fir")
        with self.assertRaises(PermissionDenied):
            actions.do_record_outcome(
                investigation=inv,
                outcome="withdrawal",
                on=inv.stage_since,
                acting_user=self.fia_investigator,
            )
        with self.assertRaisesMessage(ValidationError, "compoundable"):
            actions.do_record_outcome(
                investigation=inv,
                outcome="compromise",
                on=inv.stage_since,
                acting_user=self.fia_supervisor,
            )
        actions.do_record_outcome(
            investigation=inv,
            outcome="withdrawal",
            on=inv.stage_since,
            acting_user=self.fia_supervisor,
        )
        inv.refresh_from_db()
        self.assertEqual(inv.outcome, "withdrawal")


class EvidenceTest(JusticeTestCase):
    def test_digital_evidence_needs_its_hash_and_custody_is_append_only(self):
        inv = self.investigation()
        with self.assertRaisesMessage(ValidationError, "SHA-256"):
            actions.do_add_evidence(
                investigation=inv,
                kind="digital",
                description="phone image",
                collected_on=COMPLAINT_DAY,
                acting_user=self.fia_investigator,
            )
        with self.assertRaises(ValidationError):
            actions.do_add_evidence(
                investigation=inv,
                kind="digital",
                description="phone image",
                collected_on=COMPLAINT_DAY,
                acting_user=self.fia_investigator,
                sha256="not-a-hash",
            )
        item = actions.do_add_evidence(
            investigation=inv,
            kind="digital",
            description="phone image",
            collected_on=COMPLAINT_DAY,
            acting_user=self.fia_investigator,
            sha256="a" * 64,
        )
        first = item.custody.get()
        self.assertEqual(first.holder, self.fia_investigator)
        actions.do_record_custody(
            evidence=item,
            acting_user=self.fia_investigator,
            received_on=timezone.now(),
            holder_outside="Forensic lab (Demo)",
            purpose="analysis",
        )
        with self.assertRaisesMessage(ValidationError, "before the last"):
            actions.do_record_custody(
                evidence=item,
                acting_user=self.fia_investigator,
                received_on=timezone.now() - timedelta(days=2),
                holder=self.fia_supervisor,
            )
        with self.assertRaises(RecordNotFound):
            actions.do_record_custody(
                evidence=item,
                acting_user=self.fia_investigator,
                received_on=timezone.now(),
                holder=self.ngo_investigator,
            )
        with self.assertRaises(RecordNotFound):
            actions.do_record_custody(
                evidence=item,
                acting_user=self.ngo_investigator,
                received_on=timezone.now(),
                holder_outside="x",
            )
        entry = item.custody.last()
        entry.purpose = "changed"
        with self.assertRaises(TypeError):
            entry.save()
        with self.assertRaises(TypeError):
            entry.delete()
        with self.assertRaises(TypeError):
            CustodyEntry.objects.filter(evidence=item).update(purpose="x")
        with self.assertRaises(TypeError):
            CustodyEntry.objects.filter(evidence=item).delete()
        self.assertEqual(item.custody.count(), 2)
