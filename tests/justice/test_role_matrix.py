"""Every justice URL, page and API, GET and POST, read from the URLconfs (a new URL is checked
the day it exists): refused to the anonymous, analysts, auditors and administrators; record URLs
refused to other agencies; investigation URLs refused to case workers (who see only the case
summary), and the case summary refused to investigators of other agencies."""

from rihai.justice import actions
from rihai.justice import api_urls as justice_api_urls
from rihai.justice import urls as justice_urls
from tests.role_matrix import RoleMatrixBase

from .helpers import COMPLAINT_DAY, JusticeTestCase

# Public law, no one's data: open to every role holding the offence grant (checked below).
CATALOGUE = {"offences", "api-offences"}
# Reached by a case worker for their own case (checked in test_api.CaseSummaryApiTest).
CASE_SUMMARY = {"case-summary", "api-case-justice-summary"}


class JusticeRoleMatrixTest(RoleMatrixBase, JusticeTestCase):
    url_modules = [(justice_urls, "/justice/"), (justice_api_urls, "/api/")]
    exempt = {
        name: "the offences catalogue: public law, refused only to the anonymous"
        for name in CATALOGUE
    }
    min_urls = 30

    def setUp(self):
        self.case_ = self.case()
        inv = self.advance(self.investigation(), "fir", "challan")
        self.link = actions.do_link_victim_case(
            investigation=inv, case=self.case_, acting_user=self.fia_investigator
        )
        self.evidence = actions.do_add_evidence(
            investigation=inv,
            kind="physical",
            description="Ledger (Demo)",
            collected_on=COMPLAINT_DAY,
            acting_user=self.fia_investigator,
        )
        self.accused = actions.do_accuse_suspect(
            investigation=inv,
            acting_user=self.fia_investigator,
            role="recruiter",
            name_roman="Matrix Demo",
        )
        self.suspect = self.accused.suspect
        self.inv = inv
        self._values = {
            "<int:investigation_id>": inv.pk,
            "<int:link_id>": self.link.pk,
            "<int:evidence_id>": self.evidence.pk,
            "<int:suspect_id>": self.suspect.pk,
            "<int:accused_id>": self.accused.pk,
            "<int:case_id>": self.case_.pk,
        }

    def url_values(self):
        return self._values

    def outsiders(self):
        """Roles without investigation work."""
        return [None, self.fia_analyst, self.fia_auditor, self.fia_administrator, self.ngo_analyst]

    def other_agency_users(self):
        return [self.ngo_supervisor, self.ngo_investigator, self.ngo_case_worker]

    def test_case_workers_reach_no_investigation_url(self):
        """Separation of duties: not the list, not a detail, not evidence or suspects."""
        for name, url, _has_record in self.matrix_urls():
            if name in CATALOGUE | CASE_SUMMARY:
                continue
            for method in ("get", "post"):
                self.assert_refused(url, self.fia_case_worker, method)

    def test_supervisors_read_but_cannot_change(self):
        self.sign_in(self.fia_supervisor)
        self.assertEqual(self.client.get(f"/justice/{self.inv.pk}/").status_code, 200)
        self.assertEqual(self.client.get(f"/api/investigations/{self.inv.pk}/").status_code, 200)
        for name, url, _has_record in self.matrix_urls():
            if name in (
                "stage",
                "api-investigation-stage",
                "evidence-add",
                "api-investigation-evidence",
                "suspect-add",
                "api-investigation-suspects",
            ):
                self.assert_refused(url, self.fia_supervisor, "post")

    def test_the_investigator_reaches_every_page(self):
        self.sign_in(self.fia_investigator)
        for name, url, _has_record in self.matrix_urls():
            if name in CASE_SUMMARY:
                continue
            if justice_urls.urlpatterns and not name.startswith("api-") and "/" in url:
                response = self.client.get(url)
                if response.status_code == 405:  # POST-only action URLs
                    continue
                self.assertEqual(response.status_code, 200, url)

    def test_catalogue_is_open_to_every_role_with_the_grant(self):
        for url in ("/justice/offences/", "/api/offences/"):
            self.assert_refused(url, None, "get")
        for user in (self.fia_case_worker, self.fia_investigator, self.fia_supervisor):
            self.sign_in(user)
            self.assertEqual(self.client.get("/justice/offences/").status_code, 200)
            self.assertEqual(self.client.get("/api/offences/").status_code, 200)
