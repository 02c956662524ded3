"""The notifications page: the agency's notices about records the reader may still open."""

from rihai.cases.actions import do_revoke_consent
from rihai.referrals import actions

from .helpers import ReferralTestCase


class NotificationsPageTest(ReferralTestCase):
    def test_each_side_sees_its_notices_and_a_third_agency_none(self):
        case, person, consent = self.referred_case(consent_to=self.ngo)
        referral = self.refer(case, person)
        self.sign_in(self.ngo_service_provider)
        page = self.client.get("/referrals/notifications/")
        self.assertContains(page, f"/referrals/{referral.pk}/")
        self.assertContains(page, "Referral made")
        self.assertNotContains(page, "Samina")  # codes and links only, never who
        actions.do_accept_referral(referral=referral, acting_user=self.ngo_service_provider)
        self.sign_in(self.fia_case_worker)
        self.assertContains(self.client.get("/referrals/notifications/"), "Referral accepted")
        self.sign_in(self.other_service_provider)
        self.assertNotContains(
            self.client.get("/referrals/notifications/"), f"/referrals/{referral.pk}/"
        )

    def test_a_notice_goes_with_the_access_when_consent_is_revoked_before_acceptance(self):
        case, person, consent = self.referred_case(consent_to=self.ngo)
        referral = self.refer(case, person)
        do_revoke_consent(consent=consent, acting_user=self.fia_case_worker)
        self.sign_in(self.ngo_service_provider)
        self.assertNotContains(
            self.client.get("/referrals/notifications/"), f"/referrals/{referral.pk}/"
        )

    def test_a_role_without_referrals_is_refused(self):
        self.sign_in(self.fia_analyst)
        self.assertIn(self.client.get("/referrals/notifications/").status_code, (403, 404))
