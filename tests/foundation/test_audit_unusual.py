"""The unusual-activity page: supervisors see their agency's users, auditors everyone's."""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from rihai.audit import denials
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent, DenialBucket
from tests.base import RihaiTestCase

URL = "/audit/unusual/"


@override_settings(AUDIT_UNUSUAL_DENIALS=5, AUDIT_UNUSUAL_PERSONAL_DATA_VIEWS=3)
class UnusualActivityPageTest(RihaiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # FIA case worker: 6 refusals (over the threshold of 5), in the chain and an open bucket.
        for n in range(4):
            denials.record_denial(
                user=cls.fia_case_worker, kind="cases:detail", access="read", record_ids=[n]
            )
        denials.flush_closed_buckets(include_open=True)
        for n in range(2):
            denials.record_denial(
                user=cls.fia_case_worker, kind="cases:detail", access="read", record_ids=[n]
            )
        # NGO case worker: 3 personal-data views (at the threshold of 3).
        for n in range(3):
            record_audit(
                event=AuditEvent.RECORD_VIEWED,
                acting_user=cls.ngo_case_worker,
                object_type="cases.case",
                object_id=n,
            )
        # FIA investigator: below both thresholds, never listed.
        record_audit(
            event=AuditEvent.RECORD_LISTED, acting_user=cls.fia_investigator, object_type="x"
        )
        denials.record_denial(
            user=cls.fia_investigator, kind="cases:detail", access="read", record_ids=[1]
        )

    def page(self, user, **params):
        self.sign_in(user)
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_refused_to_roles_without_the_audit_grant(self):
        self.assertRefused(
            URL,
            [
                None,
                self.fia_case_worker,
                self.fia_investigator,
                self.fia_analyst,
                self.fia_service_provider,
                self.fia_administrator,
            ],
        )

    def test_auditor_sees_every_agency(self):
        page = self.page(self.fia_auditor)
        self.assertIn(self.fia_case_worker.username, page)
        self.assertIn(self.ngo_case_worker.username, page)
        self.assertNotIn(self.fia_investigator.username, page)

    def test_supervisor_sees_their_agency_only(self):
        page = self.page(self.fia_supervisor)
        self.assertIn(self.fia_case_worker.username, page)
        self.assertNotIn(self.ngo_case_worker.username, page)
        page = self.page(self.ngo_supervisor)
        self.assertNotIn(self.fia_case_worker.username, page)
        self.assertIn(self.ngo_case_worker.username, page)

    def test_counts_join_the_chain_and_open_minutes(self):
        from rihai.audit.queries import unusual_activity

        people = {p.username: p for p in unusual_activity(self.fia_auditor, hours=24)}
        self.assertEqual(
            set(people), {self.fia_case_worker.username, self.ngo_case_worker.username}
        )
        worker = people[self.fia_case_worker.username]
        self.assertEqual((worker.denials, worker.many_denials, worker.many_views), (6, True, False))
        viewer = people[self.ngo_case_worker.username]
        self.assertEqual((viewer.personal_data_views, viewer.many_views), (3, True))

    def test_the_window_is_respected(self):
        DenialBucket.objects.create(
            actor_key=f"user:{self.ngo_investigator.pk}",
            user_id=self.ngo_investigator.pk,
            agency_id=self.ngo.pk,
            event=AuditEvent.ACCESS_DENIED,
            kind="cases:detail",
            access="read",
            window_start=(timezone.now() - timedelta(days=2)).replace(second=0, microsecond=0),
            count=50,
        )
        self.assertNotIn(self.ngo_investigator.username, self.page(self.fia_auditor, hours=24))
        self.assertIn(self.ngo_investigator.username, self.page(self.fia_auditor, hours=168))
        # An unknown window falls back to the default rather than failing.
        self.assertNotIn(self.ngo_investigator.username, self.page(self.fia_auditor, hours="x"))

    def test_in_urdu_right_to_left(self):
        self.sign_in(self.fia_auditor)
        self.client.cookies["django_language"] = "ur"
        response = self.client.get(URL)
        page = response.content.decode()
        self.assertIn('dir="rtl"', page)
        self.assertIn("غیر معمولی سرگرمی", page)
