"""Review decisions, leads, the queue's filters and order, highlighting and the export."""

import json

from django.core.exceptions import ValidationError

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.screening import actions, queries
from rihai.screening.highlight import pieces
from rihai.screening.models import Ad, Lead

from .helpers import ScreeningTestCase


class DecisionTest(ScreeningTestCase):
    def setUp(self):
        self.upload()
        self.a1 = self.ad("a1")

    def test_dismiss_and_watch_are_recorded_and_audited(self):
        actions.do_decide_ad(ad=self.a1, decision="dismiss", acting_user=self.fia_investigator)
        self.a1.refresh_from_db()
        self.assertEqual(self.a1.review_status, "dismiss")
        row = AuditLog.objects.filter(event="ad-decided").last()
        self.assertEqual(row.extra, {"decision": "dismiss"})

    def test_a_lead_needs_a_target_that_acts_and_a_note(self):
        for kwargs in (
            {"target_agency": None, "note": "fees"},
            {"target_agency": self.ngo, "note": "fees"},  # an NGO does not investigate
            {"target_agency": self.beoe, "note": "  "},
        ):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValidationError):
                actions.do_decide_ad(
                    ad=self.a1, decision="lead", acting_user=self.fia_investigator, **kwargs
                )
        self.assertFalse(Lead.objects.exists())
        self.a1.refresh_from_db()
        self.assertEqual(self.a1.review_status, "new")  # nothing saved half-way

    def test_an_unknown_decision_is_refused(self):
        with self.assertRaises(ValidationError):
            actions.do_decide_ad(ad=self.a1, decision="delete", acting_user=self.fia_investigator)

    def test_roles_without_the_ad_change_grant_cannot_decide(self):
        for user in (self.fia_analyst, self.fia_case_worker, self.fia_administrator):
            with self.subTest(user=user.username), self.assertRaises(RecordNotFound):
                actions.do_decide_ad(ad=self.a1, decision="watch", acting_user=user)

    def test_lead_is_approved_by_the_raising_agencys_supervisor_then_reaches_the_target(self):
        actions.do_decide_ad(
            ad=self.a1,
            decision="lead",
            note="asks for fees, azad visa",
            target_agency=self.beoe,
            acting_user=self.fia_investigator,
        )
        lead = Lead.objects.get()
        self.assertEqual(lead.status, "proposed")
        # The target does not see a lead before it is approved.
        self.assertFalse(queries.visible_leads(self.beoe_supervisor).exists())
        with self.assertRaises(RecordNotFound):  # only the raising agency approves
            actions.do_decide_lead(lead=lead, approve=True, acting_user=self.beoe_supervisor)
        with self.assertRaises(RecordNotFound):  # an investigator holds no approve grant
            actions.do_decide_lead(lead=lead, approve=True, acting_user=self.fia_investigator)
        actions.do_decide_lead(lead=lead, approve=True, acting_user=self.fia_supervisor)
        lead.refresh_from_db()
        self.assertEqual(lead.status, "sent")
        self.assertEqual(list(queries.visible_leads(self.beoe_supervisor)), [lead])
        self.assertFalse(queries.visible_leads(self.ngo_supervisor).exists())
        with self.assertRaisesMessage(ValidationError, "already been decided"):
            actions.do_decide_lead(lead=lead, approve=False, acting_user=self.fia_supervisor)

    def test_the_note_is_encrypted_and_not_in_the_audit(self):
        actions.do_decide_ad(
            ad=self.a1,
            decision="lead",
            note="secret note about recruiter",
            target_agency=self.beoe,
            acting_user=self.fia_investigator,
        )
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT note FROM screening_lead UNION ALL SELECT note FROM screening_addecision"
            )
            raw = " ".join(r[0] for r in cursor.fetchall())
        self.assertNotIn("secret note", raw)
        self.assertNotIn(
            "secret", json.dumps(list(AuditLog.objects.values_list("extra", flat=True)))
        )


class QueueTest(ScreeningTestCase):
    def setUp(self):
        self.upload()

    def test_sorted_by_risk_and_filtered(self):
        scores = [a.score for a in queries.review_queue(self.fia_investigator)]
        self.assertEqual(scores, sorted(scores, reverse=True))
        only = queries.review_queue(self.fia_investigator, filters={"flag": "azad-visa"})
        self.assertEqual([a.external_id for a in only], ["a1"])
        by_source = queries.review_queue(self.fia_investigator, filters={"source": "olx"})
        self.assertEqual(sorted(a.external_id for a in by_source), ["a2", "a3"])
        by_dest = queries.review_queue(self.fia_investigator, filters={"destination": "ae"})
        self.assertEqual([a.external_id for a in by_dest], ["a1"])

    def test_the_queue_is_closed_to_roles_without_an_ad_grant(self):
        for user in (
            self.fia_analyst,
            self.fia_case_worker,
            self.fia_auditor,
            self.fia_administrator,
        ):
            self.assertFalse(queries.review_queue(user).exists(), user.username)

    def test_investigators_of_every_agency_see_every_ad(self):
        self.assertEqual(queries.review_queue(self.ngo_investigator).count(), Ad.objects.count())


class HighlightTest(ScreeningTestCase):
    def test_pieces_follow_spans_overlapping_or_out_of_range(self):
        text = "Azad visa, no interview"
        flags = [
            {"rule_id": "a", "span": [0, 9]},
            {"rule_id": "b", "span": [5, 23]},
            {"rule_id": "c", "span": [50, 60]},
            {"rule_id": "d", "span": "junk"},
        ]
        got = [(p.text, p.rules) for p in pieces(text, flags)]
        self.assertEqual(got, [("Azad ", ["a"]), ("visa", ["a", "b"]), (", no interview", ["b"])])
        self.assertEqual("".join(p.text for p in pieces(text, flags)), text)
