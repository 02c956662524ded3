"""A sent lead becomes an inquiry, or joins an investigation, at the agency it was sent to,
with its ad preserved as digital evidence; audited on both sides; nobody else can take it."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.urls import reverse

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.justice import actions as justice_actions
from rihai.justice.actions import do_open_inquiry_from_lead
from rihai.justice.models import EvidenceItem, Investigation
from rihai.screening import actions, handoff
from rihai.screening.models import Lead

from .helpers import ScreeningTestCase


def sent_lead(tc, *, target=None, ad="a1") -> Lead:
    actions.do_decide_ad(
        ad=tc.ad(ad),
        decision="lead",
        acting_user=tc.fia_investigator,
        note="advance fee, azad visa",
        target_agency=target or tc.fia,
    )
    lead = Lead.objects.get(ad=tc.ad(ad))
    return actions.do_decide_lead(lead=lead, approve=True, acting_user=tc.fia_supervisor)


class LeadHandoffTest(ScreeningTestCase):
    def setUp(self):
        self.upload()

    def test_a_sent_lead_opens_an_inquiry_with_the_ad_as_it_was(self):
        lead = sent_lead(self)
        before = AuditLog.objects.count()
        inquiry = do_open_inquiry_from_lead(lead=lead, acting_user=self.fia_investigator)
        self.assertEqual((inquiry.agency, inquiry.stage), (self.fia, "inquiry"))
        self.assertEqual(inquiry.complaint_number, f"LEAD-{lead.pk}")
        item = EvidenceItem.objects.get(investigation=inquiry)
        ad = self.ad("a1")
        self.assertEqual(item.kind, "digital")
        self.assertIn(ad.text, item.description)
        self.assertIn("https://facebook.example/post/1", item.description)
        # The hash is the SHA-256 of the canonical record printed in the description: a court
        # can recompute it from what it reads.
        canonical = item.description.rsplit("Canonical record (the hashed bytes):\n", 1)[1]
        self.assertEqual(item.sha256, hashlib.sha256(canonical.encode()).hexdigest())
        self.assertEqual(json.loads(canonical)["text"], ad.text)
        self.assertEqual(item.custody.count(), 1)
        lead.refresh_from_db()
        self.assertEqual((lead.status, lead.investigation_id), ("attached", inquiry.pk))
        events = list(
            AuditLog.objects.filter(id__gt=before).order_by("id").values_list("event", flat=True)
        )
        # Both sides: the justice app's rows and the lead's own.
        self.assertEqual(events, ["investigation-opened", "lead-attached", "evidence-added"])
        row = AuditLog.objects.get(id__gt=before, event="lead-attached")
        self.assertEqual(row.extra["investigation"], inquiry.pk)
        self.assertNotIn(ad.text[:20], json.dumps(list(AuditLog.objects.values("extra"))))

    def test_a_lead_joins_an_existing_investigation_of_the_agency(self):
        from datetime import date

        existing = justice_actions.do_open_investigation(
            acting_user=self.fia_investigator,
            complaint_number="C-77",
            complaint_date=date(2024, 3, 1),
        )
        lead = sent_lead(self)
        got = do_open_inquiry_from_lead(
            lead=lead, investigation=existing, acting_user=self.fia_investigator
        )
        self.assertEqual(got.pk, existing.pk)
        self.assertEqual(Investigation.objects.count(), 1)
        self.assertEqual(EvidenceItem.objects.filter(investigation=existing).count(), 1)

    def test_only_the_target_agency_takes_a_sent_lead_once(self):
        proposed = actions.do_decide_ad(
            ad=self.ad("a2"),
            decision="lead",
            acting_user=self.fia_investigator,
            note="unknown licence",
            target_agency=self.fia,
        ).lead
        to_bureau = sent_lead(self, target=self.beoe)
        refused = [
            (proposed, self.fia_investigator),  # not approved yet
            (to_bureau, self.fia_investigator),  # sent to another agency
            (to_bureau, self.ngo_investigator),
        ]
        for lead, user in refused:
            with self.subTest(lead=lead.pk, user=user.username):
                with self.assertRaises(RecordNotFound):
                    do_open_inquiry_from_lead(lead=lead, acting_user=user)
        self.assertFalse(Investigation.objects.exists())
        self.assertFalse(AuditLog.objects.filter(event="lead-attached").exists())

    def test_taken_twice_is_refused_and_another_agencys_investigation_is_not_reachable(self):
        from datetime import date

        theirs = justice_actions.do_open_investigation(
            acting_user=self.ngo_investigator,
            complaint_number="N-1",
            complaint_date=date(2024, 3, 1),
        )
        lead = sent_lead(self)
        with self.assertRaises(RecordNotFound):
            do_open_inquiry_from_lead(
                lead=lead, investigation=theirs, acting_user=self.fia_investigator
            )
        lead.refresh_from_db()
        self.assertEqual(lead.status, "sent")  # nothing half-saved
        do_open_inquiry_from_lead(lead=lead, acting_user=self.fia_investigator)
        with self.assertRaises(RecordNotFound):
            do_open_inquiry_from_lead(lead=lead, acting_user=self.fia_investigator)
        self.assertEqual(Investigation.objects.count(), 2)

    def test_a_closed_investigation_takes_no_lead(self):
        lead = sent_lead(self)
        inv = justice_actions.do_open_investigation(
            acting_user=self.fia_investigator,
            complaint_number="C-9",
            complaint_date=__import__("datetime").date(2024, 3, 1),
        )
        Investigation.objects.filter(pk=inv.pk).update(outcome="acquittal")
        with self.assertRaises(ValidationError):
            do_open_inquiry_from_lead(
                lead=lead, investigation=inv, acting_user=self.fia_investigator
            )
        self.assertFalse(EvidenceItem.objects.exists())

    def test_the_handoff_steps_refuse_to_run_outside_a_transaction(self):
        lead = sent_lead(self)
        # Django's TestCase wraps each test in a transaction; an autocommit connection is
        # what a stray caller would have.
        from unittest import mock

        with mock.patch.object(handoff.transaction, "get_connection") as conn:
            conn.return_value.in_atomic_block = False
            with self.assertRaises(RuntimeError):
                handoff.lead_to_take(self.fia_investigator, lead.pk)

    def test_the_leads_page_takes_a_lead_into_a_new_inquiry(self):
        lead = sent_lead(self)
        self.sign_in(self.fia_investigator)
        page = self.client.get(reverse("screening:leads"))
        self.assertContains(page, reverse("screening:lead-take", args=[lead.pk]))
        response = self.client.post(
            reverse("screening:lead-take", args=[lead.pk]), {"investigation": "new"}
        )
        inquiry = Investigation.objects.get()
        self.assertRedirects(
            response, reverse("justice:detail", args=[inquiry.pk]), fetch_redirect_response=False
        )
        page = self.client.get(reverse("screening:leads"))
        self.assertContains(page, reverse("justice:detail", args=[inquiry.pk]))
        # Another agency's investigator cannot post the form for it.
        self.sign_in(self.ngo_investigator)
        response = self.client.post(
            reverse("screening:lead-take", args=[lead.pk]), {"investigation": "new"}
        )
        self.assertEqual(response.status_code, 404)


class LeadHandoffApiTest(ScreeningTestCase):
    def setUp(self):
        self.upload()

    def test_the_api_takes_a_lead_into_an_inquiry_once_and_only_at_the_target(self):
        lead = sent_lead(self)
        url = f"/api/leads/{lead.pk}/take/"
        self.sign_in(self.ngo_investigator)
        self.assertEqual(
            self.client.post(url, {}, content_type="application/json").status_code, 404
        )
        self.sign_in(self.fia_investigator)
        response = self.client.post(url, {}, content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["stage"], "inquiry")
        self.assertEqual(response.json()["investigation"], Investigation.objects.get().pk)
        again = self.client.post(url, {}, content_type="application/json")
        self.assertEqual(again.status_code, 404)
