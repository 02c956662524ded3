"""Making and answering referrals: the consent gate, eligibility, snapshot, states, audit, mail."""

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.cases.actions import do_revoke_consent
from rihai.cases.consent_gate import DisclosureRefused
from rihai.core.models import Notification
from rihai.referrals import actions, queries
from rihai.referrals.models import Referral

from .helpers import ReferralTestCase


class MakingAReferralTest(ReferralTestCase):
    def test_referral_with_consent_shares_only_the_minimal_snapshot(self):
        with self.captureOnCommitCallbacks(execute=True):
            referral = self.refer()
        self.assertEqual(referral.status, "requested")
        self.assertEqual(referral.basis_kind, "consent")
        self.assertEqual(referral.to_agency, self.ngo)
        shared = referral.shared
        self.assertEqual(set(shared), {"first_name", "age", "sex", "languages", "needs", "risks"})
        self.assertEqual(shared["first_name"], {"roman": "Samina", "ur": "ثمینہ"})
        self.assertNotIn("cnic", shared)
        # Stored encrypted: the raw column holds no name.
        with connection.cursor() as cursor:
            cursor.execute("SELECT snapshot FROM referrals_referral WHERE id = %s", [referral.pk])
            raw = cursor.fetchone()[0]
        self.assertTrue(raw.startswith("enc1:"))
        self.assertNotIn("Samina", raw)

    def test_referral_audits_and_notifies_the_recipient_without_personal_data(self):
        with self.captureOnCommitCallbacks(execute=True):
            referral = self.refer()
        row = AuditLog.objects.filter(event="referral-made").get()
        self.assertEqual(row.object_id, str(referral.pk))
        self.assertEqual(row.extra["basis"], "consent")
        self.assertTrue(AuditLog.objects.filter(event="data-disclosed").exists())
        told = Notification.objects.filter(target_type="referrals.referral", target_id=referral.pk)
        self.assertEqual({n.recipient.agency for n in told}, {self.ngo})
        # One mail per person who may read the NGO's referrals; nobody sees the others' address.
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            ["tngo-service-provider@example.org", "tngo-supervisor@example.org"],
        )
        message = mail.outbox[0]
        self.assertIn(f"/referrals/{referral.pk}/", message.body)
        for secret in (
            "Samina",
            "ثمینہ",
            "counselling",
            "village",
            case_ref := referral.case.reference,
        ):
            self.assertNotIn(secret, message.body + message.subject, case_ref)

    def test_no_consent_no_referral_and_nothing_saved(self):
        case, person, _ = self.referred_case()
        with self.assertRaises(DisclosureRefused) as caught:
            self.refer(case, person)
        self.assertIn("consent", caught.exception.messages[0])
        self.assertEqual(Referral.objects.count(), 0)
        self.assertFalse(AuditLog.objects.filter(event="referral-made").exists())

    def test_refusal_is_in_urdu_for_an_urdu_user(self):
        case, person, _ = self.referred_case()
        with translation.override("ur"):
            with self.assertRaises(DisclosureRefused) as caught:
                self.refer(case, person)
            self.assertRegex(caught.exception.messages[0], "[\u0600-\u06ff]")
            self.assertIn("رضامندی", caught.exception.messages[0])

    def test_consent_for_another_recipient_or_purpose_does_not_count(self):
        case, person, _ = self.referred_case(consent_to=self.other)
        with self.assertRaises(DisclosureRefused):
            self.refer(case, person)
        case, person, _ = self.referred_case(consent_to=self.ngo, purpose="medical")
        with self.assertRaises(DisclosureRefused):
            self.refer(case, person)

    def test_legal_basis_needs_a_reference(self):
        case, person, _ = self.referred_case()
        with self.assertRaises(ValidationError):
            self.refer(case, person, legal_basis="court-order")
        referral = self.refer(
            case, person, legal_basis="court-order", legal_reference="Order 12/2026 ADJ Lahore"
        )
        self.assertEqual(referral.basis_kind, "legal-basis")
        # The reference often names the survivor: ciphertext at rest, as on the Disclosure row.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT legal_reference FROM referrals_referral WHERE id = %s", [referral.pk]
            )
            raw = cursor.fetchone()[0]
        self.assertTrue(raw.startswith("enc1:"), raw)
        self.assertNotIn("Lahore", raw)
        referral.refresh_from_db()
        self.assertEqual(referral.legal_reference, "Order 12/2026 ADJ Lahore")

    def test_override_only_by_a_supervisor_with_a_reason(self):
        case, person, _ = self.referred_case()
        with self.assertRaises(ValidationError):
            self.refer(case, person, override_reason="She is in danger tonight")
        referral = self.refer(
            case, person, user=self.fia_supervisor, override_reason="She is in danger tonight"
        )
        self.assertEqual(referral.basis_kind, "override")
        self.assertEqual(referral.override_reason, "She is in danger tonight")

    def test_ineligible_provider_is_refused_with_what_to_do(self):
        case, person, _ = self.referred_case(
            consent_to=self.ngo, sex="male", estimated_age=30, name_roman="Ali Demo"
        )
        with self.assertRaises(ValidationError) as caught:
            self.refer(case, person)
        text = " ".join(caught.exception.messages)
        self.assertIn("does not serve persons of this sex", text)
        self.assertIn("Choose an eligible provider", text)
        self.assertEqual(Referral.objects.count(), 0)

    def test_a_provider_that_lacks_the_service_is_refused(self):
        with self.assertRaises(ValidationError):
            self.refer(service_type="medical")

    def test_another_agencys_case_cannot_be_referred(self):
        case, person, _ = self.referred_case(consent_to=self.ngo)
        with self.assertRaises(RecordNotFound):
            self.refer(case, person, user=self.other_case_worker)

    def test_chosen_extra_fields_are_shared(self):
        case, person, _ = self.referred_case(consent_to=self.ngo, cnic="35202-1234567-1")
        referral = self.refer(case, person, shared_fields=["first_name", "needs", "cnic"])
        self.assertEqual(referral.shared["cnic"], "35202-1234567-1")
        self.assertNotIn("age", referral.shared)

    def test_deadline_follows_settings(self):
        referral = self.refer()
        self.assertAlmostEqual(
            (referral.due_by - referral.requested_on).total_seconds(), 24 * 3600, delta=1
        )
        with self.settings(RIHAI_REFERRAL_RESPONSE_HOURS={"shelter": 6}):
            case, person, _ = self.referred_case(consent_to=self.ngo)
            referral = self.refer(case, person)
        self.assertAlmostEqual(
            (referral.due_by - referral.requested_on).total_seconds(), 6 * 3600, delta=1
        )


class AnsweringTest(ReferralTestCase):
    def test_recipient_accepts_and_sender_is_told(self):
        referral = self.refer()
        with self.captureOnCommitCallbacks(execute=True):
            actions.do_accept_referral(referral=referral, acting_user=self.ngo_service_provider)
        referral.refresh_from_db()
        self.assertEqual(referral.status, "accepted")
        self.assertEqual(referral.handled_by, self.ngo_service_provider)
        self.assertTrue(AuditLog.objects.filter(event="referral-accepted").exists())
        self.assertTrue(
            Notification.objects.filter(recipient=self.fia_case_worker, kind="referral-accepted")
        )
        self.assertIn(self.fia_case_worker.email, [a for m in mail.outbox for a in m.to])

    def test_sender_cannot_answer_its_own_referral(self):
        referral = self.refer()
        with self.assertRaises(ValidationError):
            actions.do_accept_referral(referral=referral, acting_user=self.fia_supervisor)

    def test_a_third_agency_cannot_answer(self):
        referral = self.refer()
        for user in (self.other_service_provider, self.other_supervisor):
            with self.assertRaises(RecordNotFound):
                actions.do_accept_referral(referral=referral, acting_user=user)

    def test_decline_suggests_the_next_eligible_provider(self):
        second = self.provider(
            name="Test Second Shelter",
            kind="dar-ul-aman",
            agency=self.other,
            eligible_sexes=["female"],
            services=["shelter"],
            beds={"women": 5},
        )
        self.provider(  # not eligible: men only
            name="A Men's Shelter",
            kind="crisis-centre",
            eligible_sexes=["male"],
            services=["shelter"],
        )
        referral = self.refer()
        actions.do_decline_referral(
            referral=referral, acting_user=self.ngo_service_provider, reason="no-capacity"
        )
        referral.refresh_from_db()
        self.assertEqual(referral.status, "declined")
        self.assertEqual(referral.suggested_provider, second)

    def test_decline_needs_a_reason(self):
        referral = self.refer()
        with self.assertRaises(ValidationError):
            actions.do_decline_referral(
                referral=referral, acting_user=self.ngo_service_provider, reason="other"
            )
        referral.refresh_from_db()
        self.assertEqual(referral.status, "requested")

    def test_listed_provider_answer_is_recorded_by_the_sender(self):
        case, person, _ = self.referred_case()
        referral = self.refer(
            case,
            person,
            provider=self.clinic,
            service_type="legal-aid",
            legal_basis="court-order",
            legal_reference="Order 7/2026",
        )
        self.assertIsNone(referral.to_agency)
        actions.do_accept_referral(referral=referral, acting_user=self.fia_case_worker)
        actions.do_start_service(referral=referral, acting_user=self.fia_case_worker)
        referral.refresh_from_db()
        self.assertEqual(referral.status, "in-service")

    def test_withdraw_only_by_sender_with_a_note(self):
        referral = self.refer()
        with self.assertRaises(ValidationError):
            actions.do_withdraw_referral(
                referral=referral, acting_user=self.ngo_service_provider, note="x"
            )
        with self.assertRaises(ValidationError):
            actions.do_withdraw_referral(
                referral=referral, acting_user=self.fia_case_worker, note=""
            )
        actions.do_withdraw_referral(
            referral=referral, acting_user=self.fia_case_worker, note="Went home with family"
        )
        referral.refresh_from_db()
        self.assertEqual(referral.status, "withdrawn")
        with self.assertRaises(ValidationError):  # a closed referral cannot be answered
            actions.do_accept_referral(referral=referral, acting_user=self.ngo_service_provider)


class RevokedConsentTest(ReferralTestCase):
    def test_consent_revoked_before_acceptance_hides_the_referral_from_the_recipient(self):
        case, person, consent = self.referred_case(consent_to=self.ngo)
        referral = self.refer(case, person)
        self.assertEqual(
            queries.access_referral(self.ngo_service_provider, referral.pk)[1], "recipient"
        )
        do_revoke_consent(consent=consent, acting_user=self.fia_case_worker)
        with self.assertRaises(RecordNotFound):
            queries.access_referral(self.ngo_service_provider, referral.pk)
        with self.assertRaises(RecordNotFound):
            actions.do_accept_referral(referral=referral, acting_user=self.ngo_service_provider)
        self.assertFalse(queries.referral_list(self.ngo_service_provider).exists())
        # The sender still sees its own referral.
        self.assertEqual(queries.access_referral(self.fia_case_worker, referral.pk)[1], "sender")

    def test_consent_revoked_after_acceptance_keeps_what_was_disclosed(self):
        case, person, consent = self.referred_case(consent_to=self.ngo)
        referral = self.refer(case, person)
        actions.do_accept_referral(referral=referral, acting_user=self.ngo_service_provider)
        do_revoke_consent(consent=consent, acting_user=self.fia_case_worker)
        self.assertEqual(
            queries.access_referral(self.ngo_service_provider, referral.pk)[1], "recipient"
        )


class ListQueryBudgetTest(ReferralTestCase):
    def test_incoming_list_query_count_does_not_grow(self):
        self.refer()
        list(queries.referral_list(self.ngo_service_provider))  # loads the user's grants
        with CaptureQueriesContext(connection) as one:
            list(queries.referral_list(self.ngo_service_provider))
        for _ in range(4):
            self.refer()
        with CaptureQueriesContext(connection) as five:
            rows = list(queries.referral_list(self.ngo_service_provider))
        self.assertEqual(len(rows), 5)
        self.assertEqual(len(one), len(five))
