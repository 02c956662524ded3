"""Support plans: follow-ups added, a child's plan needs guardian and best interests, closure
checklist, timeline, access through the case's scope."""

import datetime

from django.core.exceptions import ValidationError

from rihai.accounts.access import RecordNotFound
from rihai.referrals import actions, plans
from rihai.referrals.actions.plans import add_months

from .helpers import ReferralTestCase


class SupportPlanTest(ReferralTestCase):
    def test_plan_opens_with_follow_ups_at_3_6_12_months(self):
        case, person, _ = self.referred_case()
        plan = actions.do_open_support_plan(
            case=case, person=person, acting_user=self.fia_case_worker
        )
        kinds = list(plan.items.values_list("kind", flat=True))
        self.assertEqual(kinds, ["follow-up-3", "follow-up-6", "follow-up-12"])
        self.assertFalse(plan.is_child)

    def test_a_childs_plan_needs_guardian_and_best_interests(self):
        case, person, _ = self.referred_case(name_roman="Ali Demo", sex="male", estimated_age=12)
        with self.assertRaises(ValidationError) as caught:
            actions.do_open_support_plan(case=case, person=person, acting_user=self.fia_case_worker)
        self.assertEqual(set(caught.exception.message_dict), {"guardian_name", "best_interests"})
        plan = actions.do_open_support_plan(
            case=case,
            person=person,
            acting_user=self.fia_case_worker,
            guardian_name="Uncle Demo",
            best_interests="Wants to go back to school near his mother",
        )
        self.assertTrue(plan.is_child)

    def test_closure_checklist_blocks_until_done(self):
        case, person, _ = self.referred_case(consent_to=self.ngo)
        referral = self.refer(case, person)
        plan = actions.do_open_support_plan(
            case=case, person=person, acting_user=self.fia_case_worker
        )
        goal = actions.do_add_plan_item(
            plan=plan,
            kind="training",
            description="Tailoring course",
            acting_user=self.fia_case_worker,
        )
        with self.assertRaises(ValidationError) as caught:
            actions.do_close_support_plan(plan=plan, acting_user=self.fia_case_worker)
        text = " ".join(caught.exception.messages)
        self.assertIn("Follow-ups at 3, 6 and 12 months", text)
        self.assertIn("No referral is still open", text)
        with self.assertRaises(ValidationError):  # not needed needs a reason
            actions.do_update_plan_item(
                item=goal, status="not-needed", acting_user=self.fia_case_worker
            )
        for item in plan.items.all():
            actions.do_update_plan_item(item=item, status="done", acting_user=self.fia_case_worker)
        actions.do_withdraw_referral(
            referral=referral, acting_user=self.fia_case_worker, note="Moved"
        )
        actions.do_close_support_plan(plan=plan, acting_user=self.fia_case_worker)
        plan.refresh_from_db()
        self.assertIsNotNone(plan.closed_on)
        events = [e["what"] for e in plans.timeline(plan)]
        self.assertTrue(any("Referred for" in e for e in events))
        self.assertIn("Training completed", events)

    def test_plans_follow_the_case_scope(self):
        case, person, _ = self.referred_case()
        plan = actions.do_open_support_plan(
            case=case, person=person, acting_user=self.fia_case_worker
        )
        for outsider in (self.ngo_supervisor, self.other_case_worker, self.ngo_service_provider):
            with self.assertRaises(RecordNotFound):
                plans.access_plan(outsider, plan.pk)
            with self.assertRaises(RecordNotFound):
                actions.do_add_plan_item(plan=plan, kind="medical", acting_user=outsider)
        self.assertEqual(plans.access_plan(self.fia_supervisor, plan.pk), plan)

    def test_pages(self):
        case, person, _ = self.referred_case()
        self.sign_in(self.fia_case_worker)
        response = self.client.post(f"/referrals/plans/new/{case.pk}/", {"person": person.pk})
        plan = plans.visible_plans(self.fia_case_worker).get()
        self.assertRedirects(response, f"/referrals/plans/{plan.pk}/")
        self.client.post(
            f"/referrals/plans/{plan.pk}/items/", {"kind": "goal", "description": "Safe housing"}
        )
        page = self.client.get(f"/referrals/plans/{plan.pk}/")
        self.assertContains(page, "Safe housing")
        self.assertContains(page, "Closure checklist")

    def test_add_months_clamps_to_month_end(self):
        self.assertEqual(add_months(datetime.date(2026, 11, 30), 3), datetime.date(2027, 2, 28))
        self.assertEqual(add_months(datetime.date(2026, 1, 15), 12), datetime.date(2027, 1, 15))
