"""Referral and transfer notices are each reader's own notifications (the bell, read and
unread): who may open the record is told, nobody else, and the notice names no one."""

from rihai.cases.actions import do_revoke_consent
from rihai.core.models import Notification
from rihai.referrals import actions

from .helpers import ReferralTestCase


class NotificationsTest(ReferralTestCase):
    def notices(self, user, referral):
        return Notification.objects.filter(
            recipient=user, target_type="referrals.referral", target_id=referral.pk
        )

    def test_each_side_is_told_and_a_third_agency_is_not(self):
        case, person, consent = self.referred_case(consent_to=self.ngo)
        referral = self.refer(case, person)
        self.assertEqual(
            self.notices(self.ngo_service_provider, referral).get().kind, "referral-made"
        )
        self.assertFalse(self.notices(self.other_service_provider, referral).exists())
        self.sign_in(self.ngo_service_provider)
        page = self.client.get("/notifications/")
        self.assertContains(page, "A referral to your agency waits for an answer")
        self.assertNotContains(page, "Samina")  # what happened and a link, never who
        actions.do_accept_referral(referral=referral, acting_user=self.ngo_service_provider)
        self.sign_in(self.fia_case_worker)
        self.assertContains(self.client.get("/notifications/"), "Your referral was accepted")
        self.sign_in(self.other_service_provider)
        self.assertContains(self.client.get("/notifications/"), "No notifications.")

    def test_opening_a_notice_marks_it_read_and_opens_the_referral(self):
        referral = self.refer()
        note = self.notices(self.ngo_service_provider, referral).get()
        self.sign_in(self.ngo_service_provider)
        response = self.client.post("/notifications/read/", {"id": note.pk})
        self.assertRedirects(response, f"/referrals/{referral.pk}/")
        note.refresh_from_db()
        self.assertIsNotNone(note.read)

    def test_a_notice_opens_nothing_once_consent_is_revoked_before_acceptance(self):
        case, person, consent = self.referred_case(consent_to=self.ngo)
        referral = self.refer(case, person)
        do_revoke_consent(consent=consent, acting_user=self.fia_case_worker)
        self.sign_in(self.ngo_service_provider)
        self.assertEqual(self.client.get(f"/referrals/{referral.pk}/").status_code, 404)

    def test_the_old_address_leads_to_the_notifications(self):
        self.sign_in(self.ngo_service_provider)
        self.assertRedirects(
            self.client.get("/referrals/notifications/"),
            "/notifications/",
            fetch_redirect_response=False,
        )

    def test_transfer_notices_go_to_the_supervisors_only(self):
        from rihai.referrals.notify import transfer_deciders

        deciders = transfer_deciders(self.ngo.pk)
        self.assertIn(self.ngo_supervisor, deciders)
        self.assertNotIn(self.ngo_service_provider, deciders)
