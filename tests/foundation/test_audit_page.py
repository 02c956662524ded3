from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from tests.base import RihaiTestCase


class AuditPageTest(RihaiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        record_audit(
            event=AuditEvent.RECORD_VIEWED,
            acting_user=cls.fia_case_worker,
            object_type="cases.case",
            object_id="fia-only-1",
        )
        record_audit(
            event=AuditEvent.RECORD_VIEWED,
            acting_user=cls.ngo_case_worker,
            object_type="cases.case",
            object_id="ngo-only-2",
        )

    def test_refused_to_roles_without_audit_grant(self):
        self.assertRefused(
            "/audit/",
            [
                None,
                self.fia_case_worker,
                self.fia_analyst,
                self.fia_investigator,
                self.ngo_service_provider,
            ],
        )

    def test_auditor_sees_every_agency(self):
        self.sign_in(self.fia_auditor)
        page = self.client.get("/audit/").content.decode()
        self.assertIn("fia-only-1", page)
        self.assertIn("ngo-only-2", page)

    def test_supervisor_sees_own_agency_only(self):
        self.sign_in(self.fia_supervisor)
        page = self.client.get("/audit/").content.decode()
        self.assertIn("fia-only-1", page)
        self.assertNotIn("ngo-only-2", page)

    def test_filters(self):
        self.sign_in(self.fia_auditor)
        page = self.client.get("/audit/", {"object": "ngo-only-2"}).content.decode()
        self.assertIn("ngo-only-2", page)
        self.assertNotIn("fia-only-1", page)
        page = self.client.get("/audit/", {"event": "not-an-event"}).content.decode()
        self.assertIn("fia-only-1", page)  # an unknown filter value is ignored, not an error
