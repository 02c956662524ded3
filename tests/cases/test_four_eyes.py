"""Four eyes: no case reaches identified, not-a-victim or closed without a second person, and
its HTCDS export never shows an identified victim without an identification date."""

from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.cases import actions, workflow
from rihai.cases.choices import CaseStatus
from rihai.cases.htcds import trafficking_status
from rihai.cases.models import Case, StatusChange
from tests.base import make_user

from .helpers import CaseTestCase

# Every role of the agency, and a second supervisor (so approvals can happen at all).
ACTORS = {
    "case-worker": "fia_case_worker",
    "investigator": "fia_investigator",
    "supervisor": "fia_supervisor",
    "supervisor-2": "second_supervisor",
    "service-provider": "fia_service_provider",
    "analyst": "fia_analyst",
    "administrator": "fia_administrator",
    "other-agency-supervisor": "ngo_supervisor",
}
STATUSES = list(CaseStatus.values)
# Written out here, not taken from workflow.FOUR_EYES_STATES: a state dropped from the code's
# set must still fail this test.
DECIDED_STATES = frozenset({"identified", "not-victim", "closed"})


def assert_four_eyes(test, case):
    """The invariant: a case in a decided state got there through someone else's approval."""
    case.refresh_from_db()
    if case.status in DECIDED_STATES:
        last = StatusChange.objects.filter(case=case, decision="approved").latest("id")
        test.assertEqual(last.to_status, case.status)
        test.assertIsNotNone(last.decided_by_id)
        test.assertNotEqual(last.decided_by_id, last.requested_by_id)
    for change in StatusChange.objects.filter(
        case=case, decision="approved", to_status__in=DECIDED_STATES
    ):
        test.assertNotEqual(change.decided_by_id, change.requested_by_id)
    if trafficking_status(case) == "ActualVictimOfTrafficking":
        test.assertIsNotNone(case.identified_on)


class FourEyesTest(CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.second_supervisor = make_user(cls.fia, "supervisor", username="fia-supervisor-2")

    def _presumed(self):
        case = self.case()
        actions.do_request_status_change(
            case=case, to_status="presumed", acting_user=self.fia_case_worker
        )
        return case

    def test_a_case_worker_cannot_move_to_assistance_alone(self):
        case = self._presumed()
        with self.assertRaises(ValidationError):
            actions.do_request_status_change(
                case=case, to_status="assistance", acting_user=self.fia_case_worker
            )
        case.refresh_from_db()
        self.assertEqual(case.status, "presumed")

    def test_not_a_victim_waits_for_a_second_person(self):
        case = self._presumed()
        change = actions.do_request_status_change(
            case=case, to_status="not-victim", reason="Demo", acting_user=self.fia_case_worker
        )
        case.refresh_from_db()
        self.assertEqual((change.decision, case.status), ("pending", "presumed"))

    def test_a_supervisors_own_request_waits_and_they_cannot_approve_it(self):
        case = self._presumed()
        change = actions.do_request_status_change(
            case=case, to_status="identified", acting_user=self.fia_supervisor
        )
        self.assertEqual(change.decision, "pending")
        with self.assertRaises(ValidationError):
            actions.do_decide_status_change(
                change=change, approve=True, acting_user=self.fia_supervisor
            )
        actions.do_decide_status_change(
            change=change, approve=True, acting_user=self.second_supervisor
        )
        assert_four_eyes(self, case)
        self.assertEqual(case.status, "identified")

    def test_assistance_export_has_an_identification_date(self):
        case = self._presumed()
        change = actions.do_request_status_change(
            case=case, to_status="identified", acting_user=self.fia_case_worker
        )
        actions.do_decide_status_change(
            change=change, approve=True, acting_user=self.fia_supervisor
        )
        actions.do_request_status_change(
            case=case, to_status="assistance", acting_user=self.fia_case_worker
        )
        document = self.full_export(case)
        x = document["case"]["x_rihai"]
        self.assertEqual(x["status"], "assistance")
        self.assertEqual(
            document["persons"][0]["vic_TraffickingStatus"], "ActualVictimOfTrafficking"
        )
        self.assertIsNotNone(x["identified_on"])

    def test_the_status_cannot_be_set_through_the_case_facts(self):
        # The facts' API and page take no status or decision dates: a decided state is
        # reached only through a request someone else approves.
        case = self._presumed()
        decided = {"status": "closed", "identified_on": "2026-01-05", "closed_on": "2026-01-06"}
        self.sign_in(self.fia_supervisor)
        response = self.client.patch(
            f"/api/cases/{case.pk}/",
            {**decided, "summary": "Demo"},
            content_type="application/json",
        )
        self.assertIn(response.status_code, (200, 400))
        self.client.post(
            f"/cases/{case.pk}/edit/", {**decided, "version": case.version, "summary": "Demo"}
        )
        case.refresh_from_db()
        self.assertEqual(
            (case.status, case.identified_on, case.closed_on), ("presumed", None, None)
        )
        self.assertFalse(StatusChange.objects.filter(case=case, to_status="closed").exists())


class FallbackApproverTest(CaseTestCase):
    """An agency with one supervisor: a supervisor of another agency in the same province
    decides, seeing the request only."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from rihai.accounts.models import Agency, AgencyType

        cls.shelter = Agency.objects.create(
            name="Test Shelter Lahore",
            code="TSHL",
            agency_type=AgencyType.NGO,
            province=cls.punjab,
            district=cls.lahore,
        )
        cls.shelter_supervisor = make_user(cls.shelter, "supervisor")

    def test_fallback_sees_the_request_not_the_case_and_decides(self):
        case = self.case(user=self.fia_supervisor, person=self.person(self.fia_supervisor))
        change = actions.do_request_status_change(
            case=case, to_status="closed", reason="Demo: moved", acting_user=self.fia_supervisor
        )
        self.sign_in(self.shelter_supervisor)
        listed = self.client.get("/api/status-requests/").json()
        self.assertEqual([r["id"] for r in listed], [change.pk])
        body = str(listed)
        for secret in ("Samina", "Demo: moved", "ثمینہ"):
            self.assertNotIn(secret, body)
        self.assertEqual(self.client.get(f"/api/cases/{case.pk}/").status_code, 404)
        response = self.client.post(
            f"/api/status-requests/{change.pk}/decision/",
            {"approve": True},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        case.refresh_from_db()
        self.assertEqual(case.status, "closed")
        row = AuditLog.objects.filter(event="status-changed").latest("id")
        self.assertEqual(
            (row.acting_user, row.extra["other_agency"]), (self.shelter_supervisor, True)
        )

    def test_no_fallback_when_the_agency_has_a_second_approver(self):
        make_user(self.fia, "supervisor", username="fia-supervisor-2")
        case = self.case()
        change = actions.do_request_status_change(
            case=case, to_status="closed", reason="Demo", acting_user=self.fia_case_worker
        )
        self.sign_in(self.shelter_supervisor)
        self.assertEqual(self.client.get("/api/status-requests/").json(), [])
        with self.assertRaises(RecordNotFound):
            actions.do_decide_status_change(
                change=change, approve=True, acting_user=self.shelter_supervisor
            )

    def test_no_fallback_from_another_province(self):
        case = self.case(user=self.fia_supervisor, person=self.person(self.fia_supervisor))
        change = actions.do_request_status_change(
            case=case, to_status="closed", reason="Demo", acting_user=self.fia_supervisor
        )
        with self.assertRaises(RecordNotFound):  # the NGO is in Sindh
            actions.do_decide_status_change(
                change=change, approve=True, acting_user=self.ngo_supervisor
            )


class FourEyesPropertyTest(HypothesisTestCase, CaseTestCase):
    """Random walks through the workflow, by every role, requesting and deciding: the
    invariant holds after every step."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.second_supervisor = make_user(cls.fia, "supervisor", username="fia-supervisor-2")

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
    )
    @given(
        steps=st.lists(
            st.tuples(
                st.sampled_from(["request", "request", "approve", "reject"]),
                st.sampled_from(list(ACTORS)),
                st.integers(min_value=0, max_value=len(STATUSES) - 1),
                st.booleans(),  # True: any status at all; False: one the workflow offers
            ),
            min_size=1,
            max_size=12,
        )
    )
    def test_decided_states_always_have_a_second_person(self, steps):
        users = {name: getattr(self, attribute) for name, attribute in ACTORS.items()}
        case = self.case(user=self.fia_supervisor, person=self.person(self.fia_supervisor))
        for kind, who, index, anything in steps:
            user = users[who]
            case.refresh_from_db()
            offered = workflow.targets(case.status)
            status = STATUSES[index] if anything else offered[index % len(offered)]
            try:
                if kind == "request":
                    actions.do_request_status_change(
                        case=case, to_status=status, reason="Demo", acting_user=user
                    )
                else:
                    pending = StatusChange.objects.filter(case=case, decision="pending").first()
                    if pending is None:
                        continue
                    actions.do_decide_status_change(
                        change=pending, approve=kind == "approve", acting_user=user, reason="Demo"
                    )
            except (ValidationError, PermissionDenied, RecordNotFound):
                pass
            assert_four_eyes(self, Case.objects.get(pk=case.pk))
