"""Survivors' accounts of their recruiters (cases) and the suspects they may name (justice):
encrypted at rest, found by blind index and name key across scripts, shown in full only within
the investigator's scope, confirmed or rejected but never merged."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.cases.actions.recruiters import do_record_recruiter
from rihai.cases.models import RecruiterAccount
from rihai.justice import actions
from rihai.justice.linking_recruiters import recruiter_matches_for
from rihai.justice.models import RecruiterLinkDecision

from .helpers import JusticeTestCase

SUSPECT = {
    "kind": "person",
    "role": "recruiter",
    "name_ur": "شاہد ڈیمو",
    "cnic": "99999-7654321-1",
    "phone": "0301-7654321",
}


class RecruiterAccountTest(JusticeTestCase):
    def test_identifiers_are_encrypted_at_rest_with_blind_indexes(self):
        account = do_record_recruiter(
            case=self.case(),
            acting_user=self.fia_case_worker,
            role="sub-agent",
            name_roman="Shahid Demo",
            name_ur="شاہد ڈیمو",
            phone="0301-7654321",
            cnic="99999-7654321-1",
            agency_named="Demo Overseas",
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name_roman, name_ur, phone, cnic, agency_named FROM cases_recruiteraccount"
                " WHERE id = %s",
                [account.pk],
            )
            raw = cursor.fetchone()
        plain = ("Shahid Demo", "شاہد ڈیمو", "0301-7654321", "99999-7654321-1", "Demo Overseas")
        for stored, value in zip(raw, plain, strict=True):
            self.assertTrue(stored.startswith("enc1:"))
            self.assertNotIn(value, stored)
        account.refresh_from_db()
        self.assertTrue(account.phone_bidx and account.cnic_bidx and account.name_key_bidx)
        self.assertIn("recruiter-recorded", self.audit_events())

    def test_an_empty_account_is_refused_and_nothing_saved(self):
        with self.assertRaises(ValidationError):
            do_record_recruiter(case=self.case(), acting_user=self.fia_case_worker, role="employer")
        with self.assertRaises(ValidationError):
            do_record_recruiter(
                case=self.case(), acting_user=self.fia_case_worker, role="x", name_roman="A"
            )
        self.assertFalse(RecruiterAccount.objects.exists())

    def test_another_agencys_case_is_refused(self):
        theirs = self.case(user=self.ngo_case_worker)
        with self.assertRaises(RecordNotFound):
            do_record_recruiter(
                case=theirs, acting_user=self.fia_case_worker, role="recruiter", name_roman="A"
            )
        self.assertFalse(RecruiterAccount.objects.exists())

    def test_case_page_shows_and_records_the_account(self):
        case = self.case()
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            reverse("cases:recruiter-add", args=[case.pk]),
            {"role": "transporter", "name_roman": "Karim Demo", "phone": "0302-1111111"},
        )
        self.assertEqual(response.status_code, 302)
        page = self.client.get(reverse("cases:detail", args=[case.pk]))
        self.assertContains(page, "Karim Demo")
        self.assertContains(page, 'id="recruiters"')

    def test_api_lists_and_adds_within_scope_only(self):
        case = self.case()
        self.sign_in(self.fia_case_worker)
        url = f"/api/cases/{case.pk}/recruiters/"
        created = self.client.post(
            url, {"role": "recruiter", "name_roman": "Karim Demo"}, content_type="application/json"
        )
        self.assertEqual(created.status_code, 201, created.content)
        self.assertEqual(self.client.get(url).json()[0]["name_roman"], "Karim Demo")
        self.sign_in(self.ngo_case_worker)
        self.assertEqual(self.client.get(url).status_code, 404)


class SuspectToAccountTest(JusticeTestCase):
    def setUp(self):
        super().setUp()
        # The FIA circle's own case: the survivor named "Shahid Demo" in Roman script.
        self.case_mine = self.case()
        self.mine = do_record_recruiter(
            case=self.case_mine,
            acting_user=self.fia_case_worker,
            role="recruiter",
            name_roman="Shahid Demo",
            phone="0333-9999999",
        )
        # The NGO's case: same phone as the suspect, nothing else.
        self.case_theirs = self.case(user=self.ngo_case_worker)
        self.theirs = do_record_recruiter(
            case=self.case_theirs,
            acting_user=self.ngo_case_worker,
            role="sub-agent",
            name_roman="Secret Name Demo",
            phone="+92 301 7654321",
        )
        self.suspect = actions.do_accuse_suspect(
            investigation=self.investigation(), acting_user=self.fia_investigator, **SUSPECT
        ).suspect

    def test_in_scope_a_match_names_the_case_found_across_scripts(self):
        mine, elsewhere = recruiter_matches_for(self.fia_investigator, self.suspect)
        self.assertEqual([o.match.account for o in mine], [self.mine])
        self.assertEqual(mine[0].match.basis, ["name"])  # Urdu script ↔ Roman Urdu
        self.assertEqual(mine[0].match.case_reference, self.case_mine.reference)

    def test_another_agencys_account_shows_only_ask_that_agency(self):
        _mine, elsewhere = recruiter_matches_for(self.fia_investigator, self.suspect)
        self.assertEqual(len(elsewhere), 1)
        match = elsewhere[0]
        self.assertEqual(match.agency_name, "Test NGO Karachi")
        self.assertEqual(match.basis, ["phone"])
        self.assertIsNone(match.account)
        self.assertIsNone(match.case_id)
        self.assertEqual((match.case_reference, match.names), ("", []))

    def test_api_for_another_agencys_user_gives_no_case_and_no_names(self):
        self.sign_in(self.fia_investigator)
        url = f"/api/suspects/{self.suspect.pk}/recruiter-matches/"
        rows = self.client.get(url).json()
        ask = [r for r in rows if r["ask_this_agency"]]
        self.assertEqual(len(ask), 1)
        self.assertEqual((ask[0]["case"], ask[0]["account"], ask[0]["names"]), (None, None, []))
        self.assertNotIn("Secret Name Demo", str(rows))
        self.assertNotIn(self.case_theirs.reference, str(rows))
        # The NGO's investigator may not even open the FIA suspect.
        self.sign_in(self.ngo_investigator)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_suspect_page_shows_the_case_and_the_ask(self):
        self.sign_in(self.fia_investigator)
        page = self.client.get(reverse("justice:suspect", args=[self.suspect.pk]))
        self.assertContains(page, self.case_mine.reference)
        self.assertContains(page, "ask Test NGO Karachi")
        self.assertNotContains(page, "Secret Name Demo")
        self.assertNotContains(page, self.case_theirs.reference)
        listed = AuditLog.objects.filter(event="record-listed").last()
        self.assertEqual(listed.extra["ids"], [self.mine.pk])

    def test_confirm_is_a_decision_never_a_merge_and_reject_hides_it(self):
        link = actions.do_decide_recruiter_link(
            suspect=self.suspect,
            account_id=self.mine.pk,
            decision="confirmed",
            acting_user=self.fia_investigator,
        )
        self.assertEqual(link.basis, ["name"])
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.name_roman, "Shahid Demo")  # nothing copied or merged
        mine, _ = recruiter_matches_for(self.fia_investigator, self.suspect)
        self.assertEqual(mine[0].decision, "confirmed")
        actions.do_decide_recruiter_link(
            suspect=self.suspect,
            account_id=self.mine.pk,
            decision="rejected",
            acting_user=self.fia_investigator,
        )
        mine, _ = recruiter_matches_for(self.fia_investigator, self.suspect)
        self.assertEqual(mine, [])
        self.assertEqual(AuditLog.objects.filter(event="recruiter-link-decided").count(), 2)

    def test_another_agencys_account_cannot_be_decided(self):
        with self.assertRaises(RecordNotFound):
            actions.do_decide_recruiter_link(
                suspect=self.suspect,
                account_id=self.theirs.pk,
                decision="confirmed",
                acting_user=self.fia_investigator,
            )
        self.assertFalse(RecruiterLinkDecision.objects.exists())

    def test_an_account_sharing_nothing_cannot_be_linked(self):
        other = do_record_recruiter(
            case=self.case_mine,
            acting_user=self.fia_case_worker,
            role="employer",
            name_roman="Zafar Demo",
        )
        with self.assertRaisesMessage(ValidationError, "share no"):
            actions.do_decide_recruiter_link(
                suspect=self.suspect,
                account_id=other.pk,
                decision="confirmed",
                acting_user=self.fia_investigator,
            )
        self.assertFalse(RecruiterLinkDecision.objects.exists())
