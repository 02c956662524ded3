"""Every screening URL, page and API, GET and POST, read from the URL confs: refused to the
anonymous and to roles without a screening grant; every URL naming an agency's record refused
to other agencies; ads and the registry closed to roles that do not review them."""

from rihai.screening import actions
from rihai.screening import api_urls as screening_api_urls
from rihai.screening import urls as screening_urls
from rihai.screening.models import AdBatch, Lead, Network
from tests.role_matrix import RoleMatrixBase

from .helpers import ADS, REGISTRY_CSV, ScreeningTestCase

# URLs naming a record that every agency's reviewers may reach, with the reason.
NATIONAL = {
    "ad": "an ad is a public post reviewed nationally (ad view/change at ALL)",
    "api-screening-ad": "as above",
    "api-screening-ad-decision": "as above",
    "network": "a network spans every agency's ads (needs ad view at ALL)",
}
# URLs of the public OEP registry, open to every role that reads the registry.
REGISTRY_READ = {"registry", "api-screening-verify"}


class ScreeningRoleMatrixTest(RoleMatrixBase, ScreeningTestCase):
    url_modules = [(screening_urls, "/screening/"), (screening_api_urls, "/api/")]
    shared_records = NATIONAL
    min_urls = 20
    min_record_urls = 5

    def setUp(self):
        self.upload([*ADS, {"id": "a4", "text": "Another job, call 0300-0000077"}])
        ad = self.ad("a1")
        actions.do_decide_ad(
            ad=ad,
            decision="lead",
            note="n",
            target_agency=self.beoe,
            acting_user=self.fia_investigator,
        )
        self.registry_import = actions.do_preview_registry_import(
            acting_user=self.beoe_supervisor, content=REGISTRY_CSV.encode()
        )
        self.values_ = {
            "<int:ad_id>": ad.pk,
            "<int:batch_id>": AdBatch.objects.get().pk,
            "<int:lead_id>": Lead.objects.get().pk,
            "<int:import_id>": self.registry_import.pk,
            "<int:network_id>": Network.objects.get().pk,
        }

    def url_values(self):
        return self.values_

    def outsiders(self):
        return [None, self.fia_auditor, self.fia_administrator, self.fia_service_provider]

    def other_agency_users(self):
        return [self.ngo_supervisor, self.ngo_investigator, self.beoe2_supervisor]

    def test_analysts_and_case_workers_reach_only_the_registry(self):
        seen = 0
        for name, url, _record in self.matrix_urls():
            if name in REGISTRY_READ:
                continue
            for user in (self.fia_analyst, self.fia_case_worker):
                for method in self.methods:
                    self.assert_refused(url, user, method)
            seen += 1
        self.assertGreaterEqual(seen, 15)

    def test_registry_reads_are_open_to_registry_readers(self):
        self.assertAllowed("/screening/registry/", [self.fia_analyst, self.fia_case_worker])
        self.assertAllowed(
            "/api/oep-registry/verify/?q=0848/LHR", [self.fia_analyst, self.fia_investigator]
        )
