"""Suspects: encrypted identifiers, non-punishment (PTPA s.6), linking without merging."""

from django.core.exceptions import ValidationError
from django.db import connection

from rihai.accounts.access import RecordNotFound
from rihai.justice import actions
from rihai.justice.linking import matches_for
from rihai.justice.models import Accused, Suspect, SuspectLinkDecision
from tests.base import make_user

from .helpers import JusticeTestCase

RECRUITER = {
    "kind": "person",
    "role": "recruiter",
    "name_roman": "Rashid Demo",
    "name_ur": "راشد ڈیمو",
    "cnic": "99999-1234567-1",
    "phone": "0300-1234567",
}


class SuspectRecordTest(JusticeTestCase):
    def test_identifiers_are_encrypted_at_rest_with_blind_indexes(self):
        accused = actions.do_accuse_suspect(
            investigation=self.investigation(), acting_user=self.fia_investigator, **RECRUITER
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name_roman, name_ur, cnic, phone FROM justice_suspect WHERE id = %s",
                [accused.suspect_id],
            )
            raw = cursor.fetchone()
        for stored, plain in zip(
            raw, ("Rashid Demo", "راشد ڈیمو", "99999-1234567-1", "0300-1234567"), strict=True
        ):
            self.assertTrue(stored.startswith("enc1:"))
            self.assertNotIn(plain, stored)
        suspect = Suspect.objects.get()
        self.assertTrue(suspect.cnic_bidx and suspect.phone_bidx and suspect.name_key_bidx)
        self.assertEqual(self.audit_events()[-1], "suspect-accused")

    def test_oep_licence_is_validated_and_normalised(self):
        inv = self.investigation()
        with self.assertRaisesMessage(ValidationError, "0848/LHR"):
            actions.do_accuse_suspect(
                investigation=inv,
                acting_user=self.fia_investigator,
                kind="organisation",
                role="oep",
                name_roman="Demo Overseas",
                oep_licence="12/LAHORE",
            )
        accused = actions.do_accuse_suspect(
            investigation=inv,
            acting_user=self.fia_investigator,
            kind="organisation",
            role="oep",
            name_roman="Demo Overseas",
            oep_licence=" 0848/lhr ",
        )
        self.assertEqual(accused.suspect.oep_licence, "0848/LHR")

    def test_unknown_fields_and_missing_names_are_refused(self):
        inv = self.investigation()
        with self.assertRaises(ValidationError):
            actions.do_accuse_suspect(
                investigation=inv, acting_user=self.fia_investigator, religion="x"
            )
        with self.assertRaises(ValidationError):
            actions.do_accuse_suspect(
                investigation=inv, acting_user=self.fia_investigator, role="recruiter"
            )
        self.assertFalse(Suspect.objects.exists())

    def test_another_agency_cannot_accuse_in_our_investigation(self):
        with self.assertRaises(RecordNotFound):
            actions.do_accuse_suspect(
                investigation=self.investigation(), acting_user=self.ngo_investigator, **RECRUITER
            )


class NonPunishmentTest(JusticeTestCase):
    def test_a_possible_victim_is_refused_without_the_non_punishment_flag(self):
        inv = self.investigation()
        with self.assertRaisesMessage(ValidationError, "PTPA s.6"):
            actions.do_accuse_suspect(
                investigation=inv,
                acting_user=self.fia_investigator,
                possible_victim=True,
                **RECRUITER,
            )
        with self.assertRaisesMessage(ValidationError, "PTPA s.6"):
            actions.do_accuse_suspect(
                investigation=inv,
                acting_user=self.fia_investigator,
                possible_victim=True,
                non_punishment_considered=True,
                **RECRUITER,
            )  # considered, but no reason recorded
        self.assertFalse(Suspect.objects.exists())
        accused = actions.do_accuse_suspect(
            investigation=inv,
            acting_user=self.fia_investigator,
            possible_victim=True,
            non_punishment_considered=True,
            non_punishment_note="Recruited others after release",
            **RECRUITER,
        )
        self.assertTrue(accused.possible_victim and accused.non_punishment_considered)

    def test_a_registered_survivors_cnic_triggers_the_check_even_unmarked(self):
        # The survivor is registered by an NGO in another province: the FIA investigator cannot
        # see that case, yet the check still fires (yes/no only, nothing about who).
        self.person(user=self.ngo_case_worker, cnic="99999-7654321-1")
        inv = self.investigation()
        with self.assertRaisesMessage(ValidationError, "PTPA s.6"):
            actions.do_accuse_suspect(
                investigation=inv,
                acting_user=self.fia_investigator,
                **{**RECRUITER, "cnic": "99999-7654321-1"},
            )
        self.assertFalse(Accused.objects.exists())

    def test_a_registered_survivors_phone_triggers_it_too(self):
        self.person(phone="0321-5550001")
        with self.assertRaisesMessage(ValidationError, "PTPA s.6"):
            actions.do_accuse_suspect(
                investigation=self.investigation(),
                acting_user=self.fia_investigator,
                **{**RECRUITER, "cnic": "", "phone": "+92 321 5550001"},
            )

    def test_the_database_refuses_an_unconsidered_possible_victim(self):
        from django.db import IntegrityError, transaction

        accused = actions.do_accuse_suspect(
            investigation=self.investigation(), acting_user=self.fia_investigator, **RECRUITER
        )
        with self.assertRaises(IntegrityError), transaction.atomic():
            Accused.objects.filter(pk=accused.pk).update(possible_victim=True)


class SuspectLinkingTest(JusticeTestCase):
    def setUp(self):
        from rihai.accounts.models import Agency

        self.other_circle = Agency.objects.create(
            name="Test FIA Karachi", code="TFIK", agency_type="fia-ahtc", province=self.sindh
        )
        self.other_investigator = make_user(self.other_circle, "investigator")
        self.inv_a = self.investigation(complaint_number="C-A")
        self.inv_b = self.investigation(complaint_number="C-B")
        self.inv_far = self.investigation(user=self.other_investigator, complaint_number="C-K")
        self.a = actions.do_accuse_suspect(
            investigation=self.inv_a, acting_user=self.fia_investigator, **RECRUITER
        ).suspect
        # Same man, Urdu name only and a different phone, same CNIC.
        self.b = actions.do_accuse_suspect(
            investigation=self.inv_b,
            acting_user=self.fia_investigator,
            kind="person",
            role="sub-agent",
            name_ur="راشد ڈیمو",
            cnic="99999-1234567-1",
        ).suspect
        # In another circle: same phone only.
        self.far = actions.do_accuse_suspect(
            investigation=self.inv_far,
            acting_user=self.other_investigator,
            kind="person",
            role="recruiter",
            name_roman="R. Demo Khan",
            phone="+923001234567",
        ).suspect
        self.unrelated = actions.do_accuse_suspect(
            investigation=self.inv_b,
            acting_user=self.fia_investigator,
            kind="person",
            role="transporter",
            name_roman="Zafar Demo",
            cnic="99999-0000000-9",
        ).suspect

    def test_matches_by_cnic_and_name_across_scripts_in_scope(self):
        mine, elsewhere = matches_for(self.fia_investigator, self.a)
        self.assertEqual([m.suspect for m in mine], [self.b])
        self.assertEqual(sorted(mine[0].basis), ["cnic", "name"])

    def test_another_circles_match_shows_only_ask_this_circle(self):
        _mine, elsewhere = matches_for(self.fia_investigator, self.a)
        self.assertEqual(len(elsewhere), 1)
        match = elsewhere[0]
        self.assertIsNone(match.suspect)
        self.assertEqual(match.agency_name, "Test FIA Karachi")
        self.assertEqual(match.basis, ["phone"])
        # And the other way round.
        _mine, elsewhere = matches_for(self.other_investigator, self.far)
        self.assertEqual([m.agency_name for m in elsewhere], ["Test FIA Lahore"])

    def test_confirmation_is_a_decision_never_a_merge(self):
        link = actions.do_decide_suspect_link(
            suspect=self.b, other=self.a, decision="confirmed", acting_user=self.fia_investigator
        )
        self.assertEqual((link.first_id, link.second_id), (self.a.pk, self.b.pk))
        self.assertEqual(Suspect.objects.count(), 4)
        self.assertEqual(Accused.objects.filter(suspect=self.b).count(), 1)
        mine, _ = matches_for(self.fia_investigator, self.a)
        self.assertEqual(mine[0].decision, "confirmed")

    def test_a_rejected_match_is_no_longer_offered(self):
        actions.do_decide_suspect_link(
            suspect=self.a, other=self.b, decision="rejected", acting_user=self.fia_investigator
        )
        mine, _ = matches_for(self.fia_investigator, self.a)
        self.assertEqual(mine, [])

    def test_a_circle_cannot_decide_about_another_circles_record(self):
        with self.assertRaises(RecordNotFound):
            actions.do_decide_suspect_link(
                suspect=self.a,
                other=self.far,
                decision="confirmed",
                acting_user=self.fia_investigator,
            )
        self.assertFalse(SuspectLinkDecision.objects.exists())

    def test_records_sharing_nothing_cannot_be_linked(self):
        with self.assertRaisesMessage(ValidationError, "share no"):
            actions.do_decide_suspect_link(
                suspect=self.a,
                other=self.unrelated,
                decision="confirmed",
                acting_user=self.fia_investigator,
            )


class SuspectSearchTest(SuspectLinkingTest):
    def search(self, q, user=None):
        self.sign_in(user or self.fia_investigator)
        response = self.client.get("/api/suspects/", {"q": q})
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_by_cnic_phone_licence_and_name_in_both_scripts(self):
        by_cnic = self.search("99999 1234567 1")
        self.assertEqual(
            sorted(r["id"] for r in by_cnic["results"]), sorted([self.a.pk, self.b.pk])
        )
        by_phone = self.search("+92 300 1234567")
        self.assertEqual([r["id"] for r in by_phone["results"]], [self.a.pk])
        self.assertEqual(by_phone["elsewhere"], ["Test FIA Karachi"])
        for name in ("Rashid Demo", "راشد ڈیمو", "Raashid Demo"):
            ids = {r["id"] for r in self.search(name)["results"]}
            self.assertIn(self.a.pk, ids, name)
            self.assertIn(self.b.pk, ids, name)
            self.assertNotIn(self.unrelated.pk, ids, name)

    def test_another_agencys_records_never_appear_in_results(self):
        found = self.search("+92 300 1234567", user=self.other_investigator)
        self.assertEqual([r["id"] for r in found["results"]], [self.far.pk])
        self.assertNotIn("Rashid", str(found))
