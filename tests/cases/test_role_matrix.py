"""Every cases URL, page and API, GET and POST: refused to the anonymous, analysts, auditors and
administrators, and (for a record) to other agencies. The URLs are read from the URLconfs, so a
new URL is checked the day it is added."""

from django.urls import URLPattern

from rihai.cases import actions
from rihai.cases import api_urls as cases_api_urls
from rihai.cases import urls as cases_urls
from rihai.cases.identification import CURRENT_VERSION
from rihai.cases.models import SavedSearch

from .casework_helpers import casework_values
from .helpers import CaseTestCase

# URLs that show no personal data, with the reason (checked separately below).
NO_PERSONAL_DATA = {
    "api-screening": "the questions of a screening version: reference text, no one's answers",
}
REFUSED = {401, 403, 404, 405}


def _patterns(module, prefix):
    for pattern in module.urlpatterns:
        assert isinstance(pattern, URLPattern)
        yield pattern.name, prefix + str(pattern.pattern)


class CasesRoleMatrixTest(CaseTestCase):
    def setUp(self):
        self.case_ = self.case()
        self.person_ = self.case_.members.get().person
        self.change = actions.do_request_status_change(
            case=self.case_, to_status="closed", reason="demo", acting_user=self.fia_case_worker
        )
        self.consent = actions.do_record_consent(
            case=self.case_,
            person=self.person_,
            recipient=self.ngo,
            purpose="shelter",
            acting_user=self.fia_case_worker,
        )
        self.search = SavedSearch.objects.create(
            user=self.fia_case_worker, name="Mine", query="mine=on"
        )
        self.values = {
            "<int:search_id>": self.search.pk,
            "<int:case_id>": self.case_.pk,
            "<int:person_id>": self.person_.pk,
            "<int:change_id>": self.change.pk,
            "<int:consent_id>": self.consent.pk,
            "<str:version>": CURRENT_VERSION,
            **casework_values(self, self.case_),  # notes, documents, tasks, flags
        }

    def urls(self):
        for name, route in [
            *_patterns(cases_urls, "/cases/"),
            *_patterns(cases_api_urls, "/api/"),
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

    def test_every_url_refuses_roles_without_casework(self):
        seen = 0
        for name, url, _has_record in self.urls():
            if name in NO_PERSONAL_DATA:
                continue
            for user in (
                None,
                self.fia_analyst,
                self.fia_auditor,
                self.fia_administrator,
                self.ngo_analyst,
            ):
                for method in ("get", "post"):
                    self.check(url, user, method)
            seen += 1
        self.assertGreaterEqual(seen, 20)

    def test_every_record_url_refuses_other_agencies(self):
        seen = 0
        for name, url, has_record in self.urls():
            if not has_record or name in NO_PERSONAL_DATA:
                continue
            for user in (self.ngo_supervisor, self.ngo_case_worker, self.ngo_investigator):
                for method in ("get", "post"):
                    self.check(url, user, method)
            seen += 1
        self.assertGreaterEqual(seen, 10)

    def test_a_case_worker_reaches_only_own_cases(self):
        from tests.base import make_user

        colleague = make_user(self.fia, "case-worker", username="fia-cw-colleague")
        for _name, url, has_record in self.urls():
            if has_record and "/persons/" not in url and "screening/" + CURRENT_VERSION not in url:
                self.check(url, colleague, "get")

    def test_exempt_urls_hold_no_personal_data(self):
        self.sign_in(self.fia_analyst)
        body = self.client.get(f"/api/screening/{CURRENT_VERSION}/").content.decode()
        for secret in (self.person_.name_roman, self.person_.name_ur, self.case_.reference):
            self.assertNotIn(secret, body)


class NewRoutesAuditTest(CaseTestCase):
    """The routes added with least privilege write their audit rows when allowed."""

    def test_reveal_and_restriction_are_audited(self):
        case = self.case()
        person = case.members.get().person
        self.sign_in(self.fia_supervisor)
        self.client.post(f"/api/persons/{person.pk}/reveal/", {"field": "cnic"})
        self.client.post(
            f"/api/cases/{case.pk}/restriction/",
            {"restriction": "child"},
            content_type="application/json",
        )
        from rihai.audit.models import AuditLog

        events = list(
            AuditLog.objects.filter(acting_user=self.fia_supervisor)
            .order_by("id")
            .values_list("event", "object_id")
        )
        self.assertIn(("identifier-revealed", str(person.pk)), events)
        self.assertIn(("case-restriction-set", str(case.pk)), events)
