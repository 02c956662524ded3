"""The intake queue of public reports (/intake/): refused to the anonymous and to roles that
hold no grant on reports, and a report to every user of another agency (GET and POST)."""

from rihai.portal import intake_urls
from rihai.portal.models import Report
from tests.role_matrix import RoleMatrixBase

from .test_portal import PortalTestCase


class IntakeRoleMatrixTest(RoleMatrixBase, PortalTestCase):
    url_modules = [(intake_urls, "/intake/")]
    min_urls = 4
    min_record_urls = 3

    def setUp(self):
        super().setUp()
        self.report()
        self.report_ = Report.objects.get()
        self.assertEqual(
            self.report_.routed_to, self.fia
        )  # routed to FIA: the others are outsiders

    def url_values(self):
        return {"<int:report_id>": self.report_.pk}

    def outsiders(self):
        return [None, self.fia_analyst, self.fia_auditor, self.fia_administrator]

    def other_agency_users(self):
        return [self.ngo_supervisor, self.ngo_case_worker, self.ngo_investigator]

    def test_the_receiving_agency_reaches_the_queue_and_the_report(self):
        self.assert_reached("/intake/", self.fia_supervisor)
        self.assert_reached(f"/intake/{self.report_.pk}/", self.fia_supervisor)
