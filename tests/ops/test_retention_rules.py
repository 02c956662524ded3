"""Every record type with personal data or traces of people has a retention rule, and each
rule purges exactly what expired and keeps what is held (issue 18, part 2).

Dates are moved into the past with ``update()``; the purge then runs as ``manage.py purge``
does. Each test reads the raw columns (ciphertext blanked, not only decrypted to blank).
"""

from datetime import date, timedelta
from io import StringIO

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from rihai.accounts.access import RecordNotFound
from rihai.audit.chain import verify_chain
from rihai.audit.models import AuditLog
from rihai.core.models import IdempotencyKey
from rihai.core.plugins import retention_rules
from rihai.justice.models import Accused, Investigation, Suspect, SuspectLinkDecision
from rihai.ops.actions import do_place_hold
from rihai.ops.models import Disposal
from rihai.portal.models import Report
from rihai.portal.queries import report_by_code
from rihai.referrals.models import Referral
from rihai.screening.models import Ad, AdDecision, Lead
from tests.justice.helpers import JusticeTestCase
from tests.referrals.helpers import ReferralTestCase
from tests.screening.helpers import ScreeningTestCase

TODAY = date.today()


def ago(days: int):
    return timezone.now() - timedelta(days=days)


def purge(*args) -> str:
    out = StringIO()
    call_command("purge", *args, "--ids", stdout=out)
    return out.getvalue()


def line(out: str, code: str) -> str:
    return next(x for x in out.splitlines() if x.startswith(code + ":"))


class EveryTypeHasARuleTest(JusticeTestCase):
    def test_the_rules_cover_every_record_type_named_in_the_issue(self):
        codes = set(retention_rules())
        for code in (
            "cases.person",
            "cases.recruiter-account",
            "justice.suspect",
            "justice.investigation",
            "justice.suspect-cleared",
            "screening.ad-dismissed",
            "screening.ad",
            "screening.ad-lead",
            "screening.batch",
            "portal.report-contact",
            "portal.report",
            "referrals.referral",
            "referrals.transfer",
            "referrals.plan",
            "accounts.session",
            "accounts.sign-in",
            "accounts.failed-sign-in",
            "core.idempotency-key",
        ):
            self.assertIn(code, codes)
        days = {c: r.default_days for c, r in retention_rules().items()}
        self.assertLess(days["screening.ad-dismissed"], days["screening.ad-lead"])
        self.assertLess(days["justice.suspect-cleared"], days["justice.suspect"])
        self.assertLess(days["portal.report-contact"], days["portal.report"])

    def test_a_dry_run_reports_every_type(self):
        out = purge("--dry-run")
        for code in retention_rules():
            self.assertIn(f"{code}: kept ", out)

    def test_every_hold_lock_answers_not_found_for_a_missing_or_malformed_id(self):
        for code in retention_rules():
            for bad in ("999999", "abc", "", None, "1; DROP TABLE"):
                with self.subTest(code=code, record=bad), self.assertRaises(RecordNotFound):
                    do_place_hold(
                        record_type=code, object_id=bad, reason="x", acting_user=self.fia_supervisor
                    )
        self.assertFalse(AuditLog.objects.filter(event="hold-placed").exists())

    @override_settings(RETENTION_DAYS={"justice.suspect": 30})
    def test_each_period_is_a_setting(self):
        self.assertIn("justice.suspect: kept 30 days", purge("--dry-run"))


class SuspectRetentionTest(JusticeTestCase):
    def inv(self, ref, **fields):
        fields.setdefault("stage_since", TODAY)
        return Investigation.objects.create(
            agency=self.fia,
            reference=ref,
            complaint_number=ref,
            complaint_date=TODAY,
            investigating_officer=self.fia_investigator,
            created_by=self.fia_investigator,
            **fields,
        )

    def suspect(self, name, *, investigation=None, status="named", cnic="35202-9999999-9"):
        s = Suspect.objects.create(
            agency=self.fia,
            kind="person",
            role="recruiter",
            name_roman=name,
            cnic=cnic,
            phone="+923009999999",
            address="Synthetic Bazaar",
            created_by=self.fia_investigator,
        )
        if investigation:
            Accused.objects.create(
                investigation=investigation,
                suspect=s,
                status=status,
                added_by=self.fia_investigator,
            )
        return s

    def raw(self, suspect):
        return Suspect.objects.filter(pk=suspect.pk).values("name_roman", "cnic", "cnic_bidx").get()

    def test_suspects_are_anonymised_after_the_judgment_and_appeal_window_only(self):
        long_ago = TODAY - timedelta(days=11 * 365)
        judged = self.inv("J-1", stage="judgment", outcome="conviction", outcome_date=long_ago)
        convicted = self.suspect("Convicted Demo", investigation=judged, status="convicted")
        open_inv = self.inv("O-1")
        in_open = self.suspect("Open Demo", investigation=open_inv, cnic="35202-8888888-8")
        # Judged long ago, but an appeal was filed after the judgment: still before a court.
        appealed = self.inv(
            "A-1", stage="appeal", outcome="conviction", outcome_date=long_ago, stage_since=TODAY
        )
        appellant = self.suspect("Appellant Demo", investigation=appealed, status="convicted")
        # Judged 10 years and 100 days ago: the appeal window (180 days) has not yet passed
        # 10 years ago, so the clock has run less than 10 years.
        recent = self.inv(
            "R-1",
            stage="judgment",
            outcome="conviction",
            outcome_date=TODAY - timedelta(days=3650 + 100),
        )
        within = self.suspect("Window Demo", investigation=recent, status="convicted")
        # Acquitted 4 years ago: the shorter period (3 years) has passed.
        acquitting = self.inv(
            "Q-1",
            stage="judgment",
            outcome="acquittal",
            outcome_date=TODAY - timedelta(days=4 * 365),
        )
        acquitted = self.suspect("Acquitted Demo", investigation=acquitting, status="acquitted")
        # Confirmed to be the same as the suspect in the open investigation: held.
        twin = self.suspect("Twin Demo", investigation=judged, status="convicted")
        first, second = sorted([twin.pk, in_open.pk])
        SuspectLinkDecision.objects.create(
            first_id=first,
            second_id=second,
            decision="confirmed",
            decided_by=self.fia_investigator,
        )
        kept = {s.pk: self.raw(s) for s in (in_open, appellant, within, twin)}

        out = purge()
        self.assertIn("anonymised 1, skipped 0, held 1", line(out, "justice.suspect"))
        self.assertIn(f"{twin.pk}(rule-hold)", out)
        self.assertIn("anonymised 1, skipped 0, held 0", line(out, "justice.suspect-cleared"))
        for gone in (convicted, acquitted):
            self.assertEqual(self.raw(gone), {"name_roman": "", "cnic": "", "cnic_bidx": ""})
            self.assertEqual(Suspect.objects.get(pk=gone.pk).role, "recruiter")  # stays
        for pk, raw in kept.items():
            self.assertEqual(self.raw(Suspect(pk=pk)), raw)
        rows = AuditLog.objects.filter(
            event="retention-anonymised", object_type__startswith="justice.suspect"
        ).order_by("id")
        self.assertEqual(
            list(rows.values_list("object_type", "object_id")),
            [
                ("justice.suspect", str(convicted.pk)),
                ("justice.suspect-cleared", str(acquitted.pk)),
            ],
        )
        # The investigations' own free text follows the same clock: only J-1 is over.
        self.assertIn("anonymised 1, skipped 0, held 0", line(out, "justice.investigation"))
        self.assertIsNone(verify_chain())

    def test_a_survivors_account_of_a_recruiter_goes_with_the_case_unless_the_recruiter_is_on_trial(
        self,
    ):
        from rihai.cases.models import Case, RecruiterAccount
        from rihai.justice.models import RecruiterLinkDecision

        def account(name):
            case = self.case()
            Case.objects.filter(pk=case.pk).update(
                status="closed", closed_on=TODAY - timedelta(days=11 * 365)
            )
            return RecruiterAccount.objects.create(
                case=case,
                role="recruiter",
                name_roman=name,
                phone="+923007777777",
                recorded_by=self.fia_case_worker,
            )

        gone, on_trial = account("Agent Demo"), account("Trial Demo")
        suspect = self.suspect("Trial Demo", investigation=self.inv("T-1"))
        RecruiterLinkDecision.objects.create(
            suspect=suspect,
            account=on_trial,
            decision="confirmed",
            decided_by=self.fia_investigator,
        )
        out = purge()
        self.assertIn("anonymised 1, skipped 0, held 1", line(out, "cases.recruiter-account"))
        gone_row = RecruiterAccount.objects.filter(pk=gone.pk).values("name_roman", "phone").get()
        self.assertEqual(gone_row, {"name_roman": "", "phone": ""})
        self.assertEqual(RecruiterAccount.objects.get(pk=on_trial.pk).name_roman, "Trial Demo")

    def test_a_manual_hold_keeps_a_suspect_and_another_agency_cannot_place_it(self):
        judged = self.inv(
            "J-2", stage="judgment", outcome="conviction", outcome_date=TODAY - timedelta(days=4100)
        )
        held = self.suspect("Held Demo", investigation=judged, status="convicted")
        with self.assertRaises(RecordNotFound):
            do_place_hold(
                record_type="justice.suspect",
                object_id=held.pk,
                reason="Related FIR",
                acting_user=self.ngo_supervisor,
            )
        do_place_hold(
            record_type="justice.suspect",
            object_id=held.pk,
            reason="Related FIR 9/2027",
            acting_user=self.fia_supervisor,
        )
        out = purge()
        self.assertIn("anonymised 0, skipped 0, held 1", line(out, "justice.suspect"))
        self.assertNotEqual(self.raw(held)["cnic"], "")


class AdRetentionTest(ScreeningTestCase):
    def decide(self, ad, decision, days_ago):
        d = AdDecision.objects.create(
            ad=ad,
            decision=decision,
            agency=self.fia,
            decided_by=self.fia_investigator,
            decided_on=ago(days_ago),
            note="Number 0300-0000077 again",
        )
        Ad.objects.filter(pk=ad.pk).update(review_status=decision, created_on=ago(days_ago + 1))
        return d

    def lead(self, ad, decision, status):
        return Lead.objects.create(
            ad=ad,
            decision=decision,
            agency=self.fia,
            target_agency=self.beoe,
            status=status,
            raised_by=self.fia_investigator,
            note="See the number",
        )

    def raw(self, ad):
        return Ad.objects.filter(pk=ad.pk).values("text", "url", "entities", "contact_keys").get()

    def test_dismissed_ads_go_sooner_than_ads_on_a_lead_and_a_live_lead_holds(self):
        self.upload()
        dismissed, lead_ad, sent_ad = self.ad("a1"), self.ad("a2"), self.ad("a3")
        self.decide(dismissed, "dismiss", 400)  # past 365 days
        refused = self.decide(lead_ad, "lead", 400)  # on a lead: 1825 days, not yet
        self.lead(lead_ad, refused, Lead.Status.REFUSED)
        old = self.decide(sent_ad, "lead", 2000)  # past 1825, but the lead is still sent
        self.lead(sent_ad, old, Lead.Status.SENT)
        kept = {a.pk: self.raw(a) for a in (lead_ad, sent_ad)}

        out = purge()
        self.assertIn("anonymised 1, skipped 0, held 0", line(out, "screening.ad-dismissed"))
        self.assertIn("anonymised 0, skipped 0, held 1", line(out, "screening.ad-lead"))
        gone = Ad.objects.get(pk=dismissed.pk)
        self.assertEqual((gone.text, gone.url, gone.entities), ("", "", "{}"))
        self.assertEqual(gone.contact_keys, [])
        self.assertEqual(gone.content_hash, f"purged-{dismissed.pk}")
        self.assertEqual(AdDecision.objects.get(ad=dismissed).note, "")
        self.assertTrue(gone.flags)  # the statistics stay
        for pk, raw in kept.items():
            self.assertEqual(self.raw(Ad(pk=pk)), raw)
        self.assertIsNone(verify_chain())

    def test_a_finished_batch_loses_its_file(self):
        batch, _created = self.upload()
        type(batch).objects.filter(pk=batch.pk).update(finished_on=ago(100))
        out = purge()
        self.assertIn("anonymised 1", line(out, "screening.batch"))
        batch.refresh_from_db()
        self.assertEqual(batch.payload, "")


class ReportAndReferralRetentionTest(ReferralTestCase):
    def report(self, *, status, days_ago, **fields):
        return Report.objects.create(
            code_bidx=f"code-{status}-{days_ago}",
            kind="abroad",
            what_happened="A recruiter in Synthetic Town took passports",
            phones="0300-0000077",
            contact="my sister's number 0300-0000066",
            routed_to=self.fia,
            status=status,
            received_on=TODAY - timedelta(days=days_ago),
            **fields,
        )

    def test_contact_goes_first_then_the_report_and_an_unread_report_stays(self):
        middle = self.report(status="closed", days_ago=200)
        old = self.report(status="acted-on", days_ago=1200)
        unread = self.report(status="received", days_ago=1200)
        out = purge()
        self.assertIn("anonymised 2", line(out, "portal.report-contact"))
        self.assertIn("anonymised 1", line(out, "portal.report"))
        middle.refresh_from_db()
        self.assertEqual(middle.contact, "")
        self.assertIn("passports", middle.what_happened)
        old.refresh_from_db()
        self.assertEqual((old.what_happened, old.phones, old.contact), ("", "", ""))
        self.assertEqual(old.kind, "abroad")
        self.assertIsNone(report_by_code("code-acted-on-1200"))
        unread.refresh_from_db()
        self.assertNotEqual(unread.contact, "")

    def test_a_supervisor_holds_a_report_of_the_agency_and_another_agency_cannot(self):
        report = self.report(status="acted-on", days_ago=1200)
        with self.assertRaises(RecordNotFound):
            do_place_hold(
                record_type="portal.report",
                object_id=report.pk,
                reason="Complaint 4/2027",
                acting_user=self.ngo_supervisor,
            )
        with self.assertRaises(RecordNotFound):  # no ops grant: an administrator
            do_place_hold(
                record_type="portal.report",
                object_id=report.pk,
                reason="Complaint 4/2027",
                acting_user=self.fia_administrator,
            )
        do_place_hold(
            record_type="portal.report",
            object_id=report.pk,
            reason="Complaint 4/2027",
            acting_user=self.fia_supervisor,
        )
        out = purge()
        self.assertIn("anonymised 0, skipped 0, held 1", line(out, "portal.report"))
        report.refresh_from_db()
        self.assertIn("passports", report.what_happened)

    def test_decided_transfers_and_closed_plans_lose_their_texts_open_ones_keep_them(self):
        from rihai.referrals.models import PlanItem, SupportPlan, Transfer

        case, person, _consent = self.referred_case()
        common = {
            "case": case,
            "person": person,
            "from_agency": self.fia,
            "to_agency": self.ngo,
            "person_sex": "female",
            "requested_by": self.fia_case_worker,
        }
        decided = Transfer.objects.create(
            **common, status="declined", reason="Closer to her family", decided_on=ago(1200)
        )
        waiting = Transfer.objects.create(
            **common, status="requested", reason="Closer to her family", requested_on=ago(1200)
        )
        plan = SupportPlan.objects.create(
            case=case,
            person=person,
            guardian_name="Rashid Demo",
            created_by=self.fia_case_worker,
            closed_on=ago(1200),
        )
        PlanItem.objects.create(plan=plan, description="Counselling at Kiln Road")
        out = purge()
        self.assertIn("anonymised 1, skipped 0, held 0", line(out, "referrals.transfer"))
        self.assertIn("anonymised 1, skipped 0, held 0", line(out, "referrals.plan"))
        self.assertEqual(Transfer.objects.get(pk=decided.pk).reason, "")
        self.assertEqual(Transfer.objects.get(pk=waiting.pk).reason, "Closer to her family")
        plan.refresh_from_db()
        self.assertEqual(plan.guardian_name, "")
        self.assertEqual(PlanItem.objects.get(plan=plan).description, "")

    def test_an_ended_referral_is_anonymised_unless_the_survivor_is_held(self):
        referral = self.refer()
        held_referral = self.refer()
        Referral.objects.filter(pk__in=[referral.pk, held_referral.pk]).update(
            status="withdrawn", withdrawn_on=ago(1200)
        )
        do_place_hold(
            record_type="cases.person",
            object_id=held_referral.person_id,
            reason="FIR 3/2027",
            acting_user=self.fia_supervisor,
        )
        out = purge()
        self.assertIn("anonymised 1, skipped 0, held 1", line(out, "referrals.referral"))
        self.assertEqual(Referral.objects.get(pk=referral.pk).snapshot, "{}")
        self.assertNotEqual(Referral.objects.get(pk=held_referral.pk).snapshot, "{}")


class SessionsAndSignInLogsTest(JusticeTestCase):
    def test_expired_sessions_and_old_sign_in_logs_are_deleted_and_keys_never_audited(self):
        Session.objects.create(
            session_key="secretsessionkey0123456789abcdef", session_data="x", expire_date=ago(30)
        )
        Session.objects.create(session_key="livesessionkey", session_data="x", expire_date=ago(-1))
        fields = {"ip_address": "10.0.0.9", "user_agent": "synthetic", "username": "demo"}
        old = AccessLog.objects.create(**fields, attempt_time=ago(400))
        AccessLog.objects.filter(pk=old.pk).update(attempt_time=ago(400))
        new = AccessLog.objects.create(**fields)
        # What axes writes for a failed sign-in: a counter per username and address (its
        # failure log is off); an old one goes, with any old failure-log row of the pair.
        counter = {"get_data": "", "post_data": "", "failures_since_start": 3}
        failed = AccessAttempt.objects.create(**fields, **counter)
        AccessAttempt.objects.filter(pk=failed.pk).update(attempt_time=ago(200))
        logged = AccessFailureLog.objects.create(**fields, locked_out=False)
        AccessFailureLog.objects.filter(pk=logged.pk).update(attempt_time=ago(200))
        # An invented username's counter: axes writes no failure-log row for it.
        invented = {**fields, "username": "unknown:0123456789abcdef"}
        orphan = AccessAttempt.objects.create(**invented, **counter)
        AccessAttempt.objects.filter(pk=orphan.pk).update(attempt_time=ago(200))
        recent = AccessAttempt.objects.create(**{**fields, "ip_address": "10.0.0.8"}, **counter)

        out = purge()
        self.assertIn("deleted 1, skipped 0", line(out, "accounts.session"))
        self.assertIn("deleted 1, skipped 0", line(out, "accounts.sign-in"))
        self.assertIn("deleted 2, skipped 0", line(out, "accounts.failed-sign-in"))
        self.assertEqual(list(Session.objects.values_list("pk", flat=True)), ["livesessionkey"])
        self.assertEqual(list(AccessLog.objects.values_list("pk", flat=True)), [new.pk])
        self.assertFalse(AccessFailureLog.objects.exists())
        self.assertEqual(list(AccessAttempt.objects.values_list("pk", flat=True)), [recent.pk])
        self.assertNotIn("secretsessionkey", out)
        row = AuditLog.objects.get(event="retention-deleted", object_type="accounts.session")
        self.assertTrue(row.object_id.startswith("h:"))
        self.assertFalse(Disposal.objects.filter(object_id__contains="secret").exists())
        self.assertIsNone(verify_chain())


class IdempotencyKeysTest(JusticeTestCase):
    def test_keys_older_than_the_period_are_deleted_and_newer_ones_kept(self):
        fields = {"user": self.fia_supervisor, "endpoint": "cases.create", "request_hash": "r"}
        old = IdempotencyKey.objects.create(key_hash="old", **fields)
        IdempotencyKey.objects.filter(pk=old.pk).update(created_on=ago(31))
        new = IdempotencyKey.objects.create(key_hash="new", **fields)

        out = purge()
        self.assertIn("deleted 1, skipped 0", line(out, "core.idempotency-key"))
        self.assertEqual(list(IdempotencyKey.objects.values_list("pk", flat=True)), [new.pk])
        row = AuditLog.objects.get(event="retention-deleted", object_type="core.idempotency-key")
        self.assertEqual(row.object_id, str(old.pk))
        self.assertIsNone(verify_chain())
