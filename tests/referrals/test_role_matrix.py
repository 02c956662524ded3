"""Every referrals URL, page and API, GET and POST, read from the URLconfs so a new URL is
checked the day it is added: refused to the anonymous, analysts, auditors and administrators
(directory URLs aside: they hold no personal data); a referral refused to every other agency,
and to its recipient once the consent it rested on was revoked before acceptance."""

from rihai.cases.actions import do_revoke_consent
from rihai.referrals import api_urls, urls
from tests.role_matrix import RoleMatrixBase

from .helpers import ReferralTestCase

_DIRECTORY = "the directory and beds: organisations, not persons (checked below)"
NO_PERSONAL_DATA = {
    name: _DIRECTORY
    for name in (
        "directory",
        "provider",
        "provider-beds",
        "api-providers",
        "api-provider",
        "api-provider-beds",
    )
}


class ReferralsRoleMatrixTest(RoleMatrixBase, ReferralTestCase):
    url_modules = [(urls, "/referrals/"), (api_urls, "/api/")]
    exempt = NO_PERSONAL_DATA
    min_urls = 42
    min_record_urls = 15

    def setUp(self):
        self.case_, self.person_, self.consent = self.referred_case(consent_to=self.ngo)
        self.referral = self.refer(self.case_, self.person_)
        from rihai.referrals.actions import do_approve_transfer, do_request_transfer

        self.transfer = do_request_transfer(
            case=self.case_, to_agency=self.ngo, reason="Moved", acting_user=self.fia_case_worker
        )
        do_approve_transfer(
            transfer=self.transfer, acting_user=self.fia_supervisor, override_reason="Demo reason"
        )
        from rihai.referrals.actions import do_open_support_plan

        self.plan = do_open_support_plan(
            case=self.case_, person=self.person_, acting_user=self.fia_case_worker
        )
        self.values = {
            "<int:plan_id>": self.plan.pk,
            "<int:item_id>": self.plan.items.first().pk,
            "<int:transfer_id>": self.transfer.pk,
            "<int:referral_id>": self.referral.pk,
            "<int:case_id>": self.case_.pk,
            "<int:provider_id>": self.shelter.pk,
        }

    def url_values(self):
        return self.values

    def outsiders(self):
        """Roles without casework."""
        return [None, self.fia_analyst, self.fia_auditor, self.fia_administrator]

    def other_agency_users(self):
        return [self.other_supervisor, self.other_case_worker, self.other_service_provider]

    def test_recipient_reaches_the_referral_until_consent_is_revoked(self):
        detail = f"/referrals/{self.referral.pk}/"
        api = f"/api/referrals/{self.referral.pk}/"
        self.assert_reached(detail, self.ngo_service_provider)
        self.assert_reached(api, self.ngo_service_provider)
        do_revoke_consent(consent=self.consent, acting_user=self.fia_case_worker)
        for name, url, has_record in self.matrix_urls():
            if (
                has_record
                and name not in NO_PERSONAL_DATA
                and "transfer" not in name
                and "plan" not in name
                and ("/new/" not in url)
            ):
                for user in (self.ngo_service_provider, self.ngo_supervisor):
                    for method in ("get", "post"):
                        self.assert_refused(url, user, method)
        # The referring agency still reaches its own referral.
        self.assert_reached(detail, self.fia_case_worker)

    def test_a_case_worker_reaches_only_own_referrals(self):
        from tests.base import make_user

        colleague = make_user(self.fia, "case-worker", username="fia-cw-colleague")
        for name, url, has_record in self.matrix_urls():
            if has_record and name not in NO_PERSONAL_DATA:
                self.assert_refused(url, colleague, "get")

    def test_directory_holds_no_personal_data(self):
        self.sign_in(self.fia_case_worker)
        for url in (
            "/referrals/services/",
            f"/referrals/services/{self.shelter.pk}/",
            "/api/services/",
            f"/api/services/{self.shelter.pk}/beds/",
        ):
            body = self.client.get(url).content.decode()
            for secret in ("Samina", "ثمینہ", self.case_.reference, "village"):
                self.assertNotIn(secret, body)
