"""Every referrals URL, page and API, GET and POST, read from the URLconfs so a new URL is
checked the day it is added: refused to the anonymous, analysts, auditors and administrators
(directory URLs aside: they hold no personal data); a referral refused to every other agency,
and to its recipient once the consent it rested on was revoked before acceptance."""

from django.urls import URLPattern

from rihai.cases.actions import do_revoke_consent
from rihai.referrals import api_urls, urls

from .helpers import ReferralTestCase

# The directory and beds: organisations, not persons; checked separately below.
NO_PERSONAL_DATA = {
    "directory",
    "provider",
    "provider-beds",
    "api-providers",
    "api-provider",
    "api-provider-beds",
}
REFUSED = {401, 403, 404, 405}


def _patterns(module, prefix):
    for pattern in module.urlpatterns:
        assert isinstance(pattern, URLPattern)
        yield pattern.name, prefix + str(pattern.pattern)


class ReferralsRoleMatrixTest(ReferralTestCase):
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

    def urls(self):
        for name, route in [*_patterns(urls, "/referrals/"), *_patterns(api_urls, "/api/")]:
            url = route
            for placeholder, value in self.values.items():
                url = url.replace(placeholder, str(value))
            self.assertNotIn("<", url, f"no test value for a parameter of {route}")
            yield name, url, route != url

    def refused(self, url, user, method):
        self.client.logout()
        if user is not None:
            self.sign_in(user)
        response = getattr(self.client, method)(url)
        if response.status_code in REFUSED:
            return True
        return response.status_code == 302 and "/accounts/login/" in response["Location"]

    def check(self, url, user, method):
        who = user.username if user else "anonymous"
        self.assertTrue(self.refused(url, user, method), f"{who} was not refused {method} {url}")

    def test_every_url_refuses_roles_without_casework(self):
        seen = 0
        for name, url, _has_record in self.urls():
            users = [None]
            if name not in NO_PERSONAL_DATA:
                users += [self.fia_analyst, self.fia_auditor, self.fia_administrator]
            for user in users:
                for method in ("get", "post"):
                    self.check(url, user, method)
            seen += 1
        self.assertGreaterEqual(seen, 48)

    def test_every_referral_url_refuses_other_agencies(self):
        seen = 0
        for name, url, has_record in self.urls():
            if not has_record or name in NO_PERSONAL_DATA:
                continue
            for user in (
                self.other_supervisor,
                self.other_case_worker,
                self.other_service_provider,
            ):
                for method in ("get", "post"):
                    self.check(url, user, method)
            seen += 1
        self.assertGreaterEqual(seen, 15)

    def test_recipient_reaches_the_referral_until_consent_is_revoked(self):
        detail = f"/referrals/{self.referral.pk}/"
        api = f"/api/referrals/{self.referral.pk}/"
        self.assertFalse(self.refused(detail, self.ngo_service_provider, "get"))
        self.assertFalse(self.refused(api, self.ngo_service_provider, "get"))
        do_revoke_consent(consent=self.consent, acting_user=self.fia_case_worker)
        for name, url, has_record in self.urls():
            if (
                has_record
                and name not in NO_PERSONAL_DATA
                and "transfer" not in name
                and "plan" not in name
                and ("/new/" not in url)
            ):
                for user in (self.ngo_service_provider, self.ngo_supervisor):
                    for method in ("get", "post"):
                        self.check(url, user, method)
        # The referring agency still reaches its own referral.
        self.assertFalse(self.refused(detail, self.fia_case_worker, "get"))

    def test_a_case_worker_reaches_only_own_referrals(self):
        from tests.base import make_user

        colleague = make_user(self.fia, "case-worker", username="fia-cw-colleague")
        for name, url, has_record in self.urls():
            if has_record and name not in NO_PERSONAL_DATA:
                self.check(url, colleague, "get")

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
