from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from rihai.audit.models import AuditLog
from rihai.cases import actions
from rihai.cases.duplicates import check_duplicates, find_duplicates
from rihai.cases.queries import has_consent

from .helpers import CaseTestCase


class DuplicatesTest(CaseTestCase):
    def test_urdu_script_finds_roman_urdu_record(self):
        existing = self.person(name_roman="Sameena Bibi", name_ur="", estimated_age=30)
        self.case(person=existing)
        matches = find_duplicates(
            self.fia_case_worker, {"name_ur": "ثمینہ", "sex": "female", "estimated_age": 31}
        )
        self.assertEqual([m.person for m in matches], [existing])
        self.assertIn("similar-name", matches[0].reasons)

    def test_different_name_is_not_a_match(self):
        self.case(person=self.person(name_roman="Rehana Demo", name_ur=""))
        self.assertEqual(
            find_duplicates(self.fia_case_worker, {"name_roman": "Zainab", "sex": "female"}), []
        )

    def test_exact_cnic_matches_whatever_the_name(self):
        existing = self.person(name_roman="Fatima Demo", cnic="35202-7777777-7")
        self.case(person=existing)
        matches = find_duplicates(
            self.fia_case_worker, {"name_roman": "Kulsoom", "cnic": "3520277777777"}
        )
        self.assertEqual(matches[0].person, existing)
        self.assertEqual(matches[0].score, 100)

    def test_other_agencys_match_shows_no_personal_data(self):
        theirs = self.person(
            user=self.ngo_case_worker, name_roman="Nargis Demo", phone="0300-5550001"
        )
        self.case(user=self.ngo_case_worker, person=theirs)
        report = check_duplicates(
            self.fia_case_worker,
            {"name_roman": "Nargis", "phone": "+923005550001", "sex": "female"},
        )
        shown = report.to_dict()
        self.assertEqual((shown["matches"], shown["match_elsewhere"]), ([], True))
        # Not who holds it, nor how well it matched, nor why.
        for secret in ("Nargis", "TNGO", "score", "same-phone", "reasons"):
            self.assertNotIn(secret, str(shown))

    def test_merge_keeps_both_histories(self):
        a = self.person(name_roman="Samina Demo")
        b = self.person(name_roman="Sameena Demo")
        case_a, case_b = self.case(person=a), self.case(person=b)
        actions.do_merge_persons(survivor=a, duplicate=b, acting_user=self.fia_supervisor)
        b.refresh_from_db()
        self.assertEqual(b.merged_into, a)
        self.assertEqual(case_b.members.get().person, a)
        self.assertEqual(case_a.members.get().person, a)
        self.assertEqual(AuditLog.objects.latest("id").event, "record-merged")
        with self.assertRaises(ValidationError):
            actions.do_merge_persons(survivor=a, duplicate=b, acting_user=self.fia_supervisor)


class ConsentTest(CaseTestCase):
    def test_consent_for_recipient_and_purpose_only(self):
        case = self.case()
        person = case.members.get().person
        actions.do_record_consent(
            case=case,
            person=person,
            recipient=self.ngo,
            purpose="shelter",
            acting_user=self.fia_case_worker,
        )
        self.assertTrue(has_consent(person, recipient=self.ngo, purpose="shelter"))
        self.assertFalse(has_consent(person, recipient=self.ngo, purpose="investigation"))
        self.assertFalse(has_consent(person, recipient=self.fia, purpose="shelter"))

    def test_expired_and_revoked_consent_do_not_count(self):
        case = self.case()
        person = case.members.get().person
        consent = actions.do_record_consent(
            case=case,
            person=person,
            recipient=self.ngo,
            purpose="referral",
            acting_user=self.fia_case_worker,
            expires_on=timezone.now() + timedelta(days=1),
        )
        self.assertFalse(
            has_consent(
                person,
                recipient=self.ngo,
                purpose="referral",
                on=timezone.now() + timedelta(days=2),
            )
        )
        actions.do_revoke_consent(consent=consent, acting_user=self.fia_case_worker)
        self.assertFalse(has_consent(person, recipient=self.ngo, purpose="referral"))
        self.assertEqual(AuditLog.objects.latest("id").event, "consent-revoked")

    def test_child_consents_through_a_guardian(self):
        child = self.person(name_roman="Bilal Demo", sex="male", estimated_age=12)
        case = self.case(person=child)
        with self.assertRaises(ValidationError) as caught:
            actions.do_record_consent(
                case=case,
                person=child,
                recipient=self.ngo,
                purpose="shelter",
                acting_user=self.fia_case_worker,
            )
        self.assertIn("given_by_guardian", caught.exception.message_dict)
        actions.do_record_consent(
            case=case,
            person=child,
            recipient=self.ngo,
            purpose="shelter",
            acting_user=self.fia_case_worker,
            given_by_guardian=True,
            guardian_name="Akram Demo",
        )
        self.assertTrue(has_consent(child, recipient=self.ngo, purpose="shelter"))


class AccessTest(CaseTestCase):
    def test_case_worker_sees_own_cases_only(self):
        from rihai.accounts.access import RecordNotFound
        from rihai.cases.queries import access_case, visible_cases
        from tests.base import make_user

        mine = self.case()
        colleague = make_user(self.fia, "case-worker", username="fia-cw-2")
        theirs = self.case(user=colleague)
        self.assertIn(mine, visible_cases(self.fia_case_worker))
        self.assertNotIn(theirs, visible_cases(self.fia_case_worker))
        self.assertIn(theirs, visible_cases(self.fia_supervisor))
        for user in (
            self.fia_analyst,
            self.fia_auditor,
            self.fia_administrator,
            self.ngo_supervisor,
        ):
            with self.assertRaises(RecordNotFound):
                access_case(user, mine.pk)
