"""Every justice URL, page and API, GET and POST, read from the URLconfs (a new URL is checked
the day it exists): refused to the anonymous, analysts, auditors and administrators; record URLs
refused to other agencies; investigation URLs refused to case workers (who see only the case
summary), and the case summary refused to investigators of other agencies."""

from django.urls import URLPattern

from rihai.justice import actions
from rihai.justice import api_urls as justice_api_urls
from rihai.justice import urls as justice_urls

from .helpers import COMPLAINT_DAY, JusticeTestCase

REFUSED = {401, 403, 404, 405}
# Public law, no one's data: open to every role holding the offence grant (checked below).
CATALOGUE = {"offences", "api-offences"}
# Reached by a case worker for their own case (checked in test_api.CaseSummaryApiTest).
CASE_SUMMARY = {"case-summary", "api-case-justice-summary"}


def _patterns(module, prefix):
    for pattern in module.urlpatterns:
        assert isinstance(pattern, URLPattern)
        yield pattern.name, prefix + str(pattern.pattern)


class JusticeRoleMatrixTest(JusticeTestCase):
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
        self.suspect = actions.do_accuse_suspect(
            investigation=inv,
            acting_user=self.fia_investigator,
            role="recruiter",
            name_roman="Matrix Demo",
        ).suspect
        self.inv = inv
        self.values = {
            "<int:investigation_id>": inv.pk,
            "<int:link_id>": self.link.pk,
            "<int:evidence_id>": self.evidence.pk,
            "<int:suspect_id>": self.suspect.pk,
            "<int:case_id>": self.case_.pk,
        }

    def urls(self):
        for name, route in [
            *_patterns(justice_urls, "/justice/"),
            *_patterns(justice_api_urls, "/api/"),
        ]:
            url = route
            for placeholder, value in self.values.items():
                url = url.replace(placeholder, str(value))
            self.assertNotIn("<", url, f"no test value for a parameter of {route}")
            yield name, url, route != url

    def check(self, url, user, method):
        self.client.logout()
        if user is not None:
            self.sign_in(user)
        response = getattr(self.client, method)(url)
        who = user.username if user else "anonymous"
        if response.status_code in REFUSED:
            return
        if response.status_code == 302 and "/accounts/login/" in response["Location"]:
            return
        self.fail(f"{who} was not refused {method.upper()} {url}: {response.status_code}")

    def test_every_url_refuses_roles_without_investigation_work(self):
        seen = 0
        for name, url, _has_record in self.urls():
            users = [self.fia_analyst, self.fia_auditor, self.fia_administrator, self.ngo_analyst]
            if name in CATALOGUE:
                users = [None]
            for user in (None, *users):
                for method in ("get", "post"):
                    self.check(url, user, method)
            seen += 1
        self.assertGreaterEqual(seen, 30)

    def test_every_record_url_refuses_other_agencies(self):
        seen = 0
        for _name, url, has_record in self.urls():
            if not has_record:
                continue
            for user in (self.ngo_supervisor, self.ngo_investigator, self.ngo_case_worker):
                for method in ("get", "post"):
                    self.check(url, user, method)
            seen += 1
        self.assertGreaterEqual(seen, 15)

    def test_case_workers_reach_no_investigation_url(self):
        """Separation of duties: not the list, not a detail, not evidence or suspects."""
        for name, url, _has_record in self.urls():
            if name in CATALOGUE | CASE_SUMMARY:
                continue
            for method in ("get", "post"):
                self.check(url, self.fia_case_worker, method)

    def test_supervisors_read_but_cannot_change(self):
        self.sign_in(self.fia_supervisor)
        self.assertEqual(self.client.get(f"/justice/{self.inv.pk}/").status_code, 200)
        self.assertEqual(self.client.get(f"/api/investigations/{self.inv.pk}/").status_code, 200)
        for name, url, _has_record in self.urls():
            if name in (
                "stage",
                "api-investigation-stage",
                "evidence-add",
                "api-investigation-evidence",
                "suspect-add",
                "api-investigation-suspects",
            ):
                self.check(url, self.fia_supervisor, "post")

    def test_the_investigator_reaches_every_page(self):
        self.sign_in(self.fia_investigator)
        for name, url, _has_record in self.urls():
            if name in CASE_SUMMARY:
                continue
            if justice_urls.urlpatterns and not name.startswith("api-") and "/" in url:
                response = self.client.get(url)
                if response.status_code == 405:  # POST-only action URLs
                    continue
                self.assertEqual(response.status_code, 200, url)

    def test_catalogue_is_open_to_every_role_with_the_grant(self):
        for user in (self.fia_case_worker, self.fia_investigator, self.fia_supervisor):
            self.sign_in(user)
            self.assertEqual(self.client.get("/justice/offences/").status_code, 200)
            self.assertEqual(self.client.get("/api/offences/").status_code, 200)
