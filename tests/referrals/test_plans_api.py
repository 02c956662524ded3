"""The support plans API matches the pages: open, read with checklist and timeline, add and
update items, close; another agency reaches none of it; bad input is a 400 with nothing saved."""

from rihai.audit.models import AuditLog
from rihai.referrals.models import PlanItem, SupportPlan

from .helpers import ReferralTestCase

JSON = "application/json"


class PlanApiTest(ReferralTestCase):
    def setUp(self):
        self.case_, self.person_, _ = self.referred_case()
        self.sign_in(self.fia_case_worker)

    def open_plan(self):
        return self.client.post(
            "/api/plans/",
            {"case_id": self.case_.pk, "person_id": self.person_.pk},
            content_type=JSON,
        )

    def test_a_plan_is_opened_filled_and_closed_through_the_api(self):
        response = self.open_plan()
        self.assertEqual(response.status_code, 201, response.content)
        plan = response.json()
        self.assertEqual(
            [i["kind"] for i in plan["items"]], ["follow-up-3", "follow-up-6", "follow-up-12"]
        )
        self.assertTrue(plan["checklist"])
        added = self.client.post(
            f"/api/plans/{plan['id']}/items/",
            {"kind": "medical", "description": "Check-up"},
            content_type=JSON,
        )
        self.assertEqual(added.status_code, 201, added.content)
        refused = self.client.post(f"/api/plans/{plan['id']}/close/")
        self.assertEqual(refused.status_code, 400)  # follow-ups still planned
        for item in PlanItem.objects.filter(plan_id=plan["id"]):
            done = self.client.post(
                f"/api/plans/{plan['id']}/items/{item.pk}/", {"status": "done"}, content_type=JSON
            )
            self.assertEqual(done.status_code, 200, done.content)
        closed = self.client.post(f"/api/plans/{plan['id']}/close/")
        self.assertEqual(closed.status_code, 200, closed.content)
        self.assertIsNotNone(closed.json()["closed_on"])
        self.assertTrue(AuditLog.objects.filter(event="plan-closed").exists())
        listed = self.client.get("/api/plans/").json()
        self.assertEqual([p["id"] for p in listed], [plan["id"]])

    def test_another_agency_reaches_nothing(self):
        plan = self.open_plan().json()
        self.sign_in(self.other_supervisor)
        self.assertEqual(self.client.get(f"/api/plans/{plan['id']}/").status_code, 404)
        self.assertEqual(self.client.get("/api/plans/").json(), [])
        response = self.client.post(
            f"/api/plans/{plan['id']}/items/", {"kind": "medical"}, content_type=JSON
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            self.client.post(
                "/api/plans/",
                {"case_id": self.case_.pk, "person_id": self.person_.pk},
                content_type=JSON,
            ).status_code,
            404,
        )

    def test_bad_input_saves_nothing(self):
        response = self.client.post(
            "/api/plans/", {"case_id": self.case_.pk, "person_id": 0}, content_type=JSON
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(SupportPlan.objects.exists())
        plan = self.open_plan().json()
        response = self.client.post(
            f"/api/plans/{plan['id']}/items/", {"kind": "flying"}, content_type=JSON
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(PlanItem.objects.filter(plan_id=plan["id"]).count(), 3)
