"""A restricted case's referrals and transfers stay with its named users, and the referring
agency's staff see a snapshot's CNIC and phone masked (least privilege, docs/security.md)."""

from rihai.cases import actions as case_actions
from rihai.referrals import actions

from .helpers import ReferralTestCase

CNIC, PHONE = "42101-1234567-1", "0300-5550111"


class RestrictedCaseReferralsTest(ReferralTestCase):
    def setUp(self):
        self.case_, person, _consent = self.referred_case(
            consent_to=self.ngo, cnic=CNIC, phone=PHONE
        )
        self.referral = self.refer(
            self.case_, person, shared_fields=["first_name", "age", "sex", "cnic", "phone"]
        )
        self.transfer = actions.do_request_transfer(
            case=self.case_,
            to_agency=self.ngo,
            reason="Demo: she moves to Karachi",
            acting_user=self.fia_case_worker,
        )
        case_actions.do_set_case_restriction(
            case=self.case_, restriction="witness", acting_user=self.fia_supervisor
        )

    def test_colleagues_not_named_see_neither_referral_nor_transfer(self):
        for user in (self.fia_service_provider, self.fia_case_worker):
            self.sign_in(user)
            sent = self.client.get("/api/referrals/", {"box": "sent"}).json()
            self.assertEqual(sent["count"], 0, user)
            for url in (
                f"/api/referrals/{self.referral.pk}/",
                f"/referrals/{self.referral.pk}/",
                f"/api/transfers/{self.transfer.pk}/",
                f"/referrals/transfers/{self.transfer.pk}/",
            ):
                self.assertEqual(self.client.get(url).status_code, 404, (user, url))
            for url in ("/referrals/?box=sent", "/referrals/transfers/", "/api/transfers/"):
                body = self.client.get(url).content.decode()
                self.assertNotIn("Samina", body, (user, url))
                self.assertNotIn(self.case_.reference, body, (user, url))
                self.assertNotIn("5550111", body, (user, url))
        # The agency's supervisors still see them (and the recipient its referral).
        self.sign_in(self.fia_supervisor)
        self.assertEqual(self.client.get(f"/api/referrals/{self.referral.pk}/").status_code, 200)
        self.assertEqual(self.client.get(f"/api/transfers/{self.transfer.pk}/").status_code, 200)


class SenderSeesMaskedSnapshotTest(ReferralTestCase):
    def test_the_referring_agencys_staff_see_cnic_and_phone_masked(self):
        case, person, _consent = self.referred_case(consent_to=self.ngo, cnic=CNIC, phone=PHONE)
        referral = self.refer(case, person, shared_fields=["first_name", "cnic", "phone"])
        for user in (self.fia_service_provider, self.fia_case_worker, self.fia_supervisor):
            self.sign_in(user)
            for url in (
                f"/api/referrals/{referral.pk}/",
                "/api/referrals/?box=sent",
                f"/referrals/{referral.pk}/",
            ):
                body = self.client.get(url).content.decode()
                self.assertIn("Samina", body, (user, url))
                self.assertNotIn("1234567", body, (user, url))
                self.assertNotIn("5550111", body, (user, url))
        # The recipient receives what was disclosed to it through the consent gate.
        self.sign_in(self.ngo_supervisor)
        shared = self.client.get(f"/api/referrals/{referral.pk}/").json()["shared"]
        self.assertEqual((shared["cnic"], shared["phone"]), (CNIC, PHONE))
