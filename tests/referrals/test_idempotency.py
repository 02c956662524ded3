"""Retrying a create with the same Idempotency-Key: referrals, transfers, placements, plans,
deliveries and providers give one record and the first answer again; another body is a 409;
another user's key is theirs."""

from django.utils import timezone

from rihai.audit.models import AuditJournal, AuditLog
from rihai.core.models import IdempotencyKey
from rihai.referrals.models import (
    Placement,
    PlanItem,
    Provider,
    Referral,
    ServiceDelivery,
    SupportPlan,
    Transfer,
)

from .helpers import ReferralTestCase

JSON = "application/json"


def viewed(object_id) -> bool:
    where = {"event": "record-viewed", "object_id": str(object_id)}
    return (
        AuditJournal.objects.filter(**where).exists() or AuditLog.objects.filter(**where).exists()
    )


class RetriedReferralCreatesTest(ReferralTestCase):
    def twice(self, url, body, *, key="retry-1", model):
        first = self.client.post(url, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)
        self.assertIn(first.status_code, (200, 201), first.content)
        count = model.objects.count()
        again = self.client.post(url, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)
        self.assertEqual(again.status_code, first.status_code, again.content)
        self.assertEqual(again["Idempotent-Replayed"], "true")
        self.assertEqual(model.objects.count(), count)
        return first, again

    def test_a_retried_referral_is_one_referral_and_its_replay_is_audited(self):
        case, person, _ = self.referred_case(consent_to=self.ngo)
        self.sign_in(self.fia_case_worker)
        body = {
            "case_id": case.pk,
            "person_id": person.pk,
            "provider_id": self.shelter.pk,
            "service_type": "shelter",
            "needs": "A bed",
        }
        first, again = self.twice("/api/referrals/", body, model=Referral)
        self.assertEqual(again.json(), first.json())
        self.assertEqual(Referral.objects.count(), 1)
        self.assertTrue(viewed(first.json()["id"]))
        other = self.client.post(
            "/api/referrals/", {**body, "needs": "Other"}, content_type=JSON,
            HTTP_IDEMPOTENCY_KEY="retry-1",
        )  # fmt: skip
        self.assertEqual(other.status_code, 409, other.content)
        self.assertEqual(Referral.objects.count(), 1)

    def test_placement_and_delivery_retried_make_one_each(self):
        referral = self.refer()
        self.sign_in(self.ngo_service_provider)
        self.client.post(f"/api/referrals/{referral.pk}/accept/")
        self.twice(f"/api/referrals/{referral.pk}/admit/", {"bed_type": "women"}, model=Placement)
        self.assertEqual(Placement.objects.count(), 1)
        delivery = {
            "delivered_on": timezone.localdate().isoformat(),
            "description": "Counselling",
        }
        first, again = self.twice(
            f"/api/referrals/{referral.pk}/services/", delivery, key="d", model=ServiceDelivery
        )
        self.assertEqual(again.json(), first.json())
        self.assertEqual(ServiceDelivery.objects.count(), 1)

    def test_transfer_plan_and_provider_retried_make_one_each(self):
        case, person, _ = self.referred_case(consent_to=self.ngo, purpose="referral")
        self.sign_in(self.fia_case_worker)
        transfer = {"case_id": case.pk, "to_agency_id": self.ngo.pk, "reason": "Moved"}
        self.twice("/api/transfers/", transfer, key="t", model=Transfer)
        self.assertEqual(Transfer.objects.count(), 1)
        plan = {"case_id": case.pk, "person_id": person.pk}
        first, again = self.twice("/api/plans/", plan, key="p", model=SupportPlan)
        self.assertEqual(again.json()["id"], first.json()["id"])
        self.twice(
            f"/api/plans/{first.json()['id']}/items/",
            {"kind": "goal", "description": "Back to school"},
            key="i",
            model=PlanItem,
        )
        providers = Provider.objects.count()
        self.sign_in(self.fia_administrator)
        provider = {
            "name": "Test Clinic Two",
            "kind": "medical",
            "district": self.lahore.code,
            "services": ["medical"],
        }
        self.twice("/api/services/", provider, key="s", model=Provider)
        self.assertEqual(Provider.objects.count(), providers + 1)

    def test_keys_are_per_user(self):
        case, person, _ = self.referred_case(consent_to=self.ngo, purpose="referral")
        self.sign_in(self.fia_case_worker)
        plan = self.client.post("/api/plans/", {"case_id": case.pk, "person_id": person.pk},
                                content_type=JSON).json()  # fmt: skip
        url, item = f"/api/plans/{plan['id']}/items/", {"kind": "goal", "description": "School"}
        mine = self.client.post(url, item, content_type=JSON, HTTP_IDEMPOTENCY_KEY="k")
        self.sign_in(self.fia_supervisor)
        theirs = self.client.post(url, item, content_type=JSON, HTTP_IDEMPOTENCY_KEY="k")
        self.assertEqual(theirs.status_code, 201, theirs.content)
        self.assertNotIn("Idempotent-Replayed", theirs)
        self.assertNotEqual(theirs.json()["id"], mine.json()["id"])
        self.assertEqual(IdempotencyKey.objects.filter(endpoint="referrals-plan-item").count(), 2)
