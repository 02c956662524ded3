"""Every cases URL, page and API, GET and POST: refused to the anonymous, analysts, auditors and
administrators, and (for a record) to other agencies. The URLs are read from the URLconfs, so a
new URL is checked the day it is added."""

from rihai.cases import actions
from rihai.cases import api_urls as cases_api_urls
from rihai.cases import urls as cases_urls
from rihai.cases.identification import CURRENT_VERSION
from rihai.cases.models import SavedSearch
from tests.role_matrix import RoleMatrixBase

from .casework_helpers import casework_values
from .helpers import CaseTestCase

# URLs that show no personal data, with the reason (checked separately below).
NO_PERSONAL_DATA = {
    "api-screening": "the questions of a screening version: reference text, no one's answers",
}


class CasesRoleMatrixTest(RoleMatrixBase, CaseTestCase):
    url_modules = [(cases_urls, "/cases/"), (cases_api_urls, "/api/")]
    exempt = NO_PERSONAL_DATA
    min_urls = 20
    min_record_urls = 10

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

    def url_values(self):
        return self.values

    def outsiders(self):
        """Roles without casework."""
        return [None, self.fia_analyst, self.fia_auditor, self.fia_administrator, self.ngo_analyst]

    def other_agency_users(self):
        return [self.ngo_supervisor, self.ngo_case_worker, self.ngo_investigator]

    def test_a_case_worker_reaches_only_own_cases(self):
        from tests.base import make_user

        colleague = make_user(self.fia, "case-worker", username="fia-cw-colleague")
        for _name, url, has_record in self.matrix_urls():
            if has_record and "/persons/" not in url and "screening/" + CURRENT_VERSION not in url:
                self.assert_refused(url, colleague, "get")
        self.assert_reached(f"/cases/{self.case_.pk}/", self.fia_case_worker)

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
