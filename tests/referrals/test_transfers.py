"""Case transfers: consent and both supervisors; the old agency keeps the record, not the data."""

from django.core import mail
from django.core.exceptions import ValidationError

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.cases import queries as case_queries
from rihai.cases.actions import do_revoke_consent
from rihai.cases.consent_gate import DisclosureRefused
from rihai.referrals import actions, transfers

from .helpers import ReferralTestCase


class TransferTest(ReferralTestCase):
    def requested(self, *, consent=True):
        case, person, c = self.referred_case(
            consent_to=self.ngo if consent else None, purpose="referral"
        )
        transfer = actions.do_request_transfer(
            case=case,
            to_agency=self.ngo,
            reason="Survivor moved to Karachi",
            acting_user=self.fia_case_worker,
        )
        return transfer, case, person, c

    def test_full_transfer_moves_the_case_and_its_person(self):
        transfer, case, person, _ = self.requested()
        with self.captureOnCommitCallbacks(execute=True):
            actions.do_approve_transfer(transfer=transfer, acting_user=self.fia_supervisor)
        self.assertIn("tngo-supervisor@example.org", [m.to[0] for m in mail.outbox])
        # Before acceptance the receiving agency sees the request, not the case.
        self.assertEqual(transfers.access_transfer(self.ngo_supervisor, transfer.pk)[1], "receiver")
        with self.assertRaises(RecordNotFound):
            case_queries.access_case(self.ngo_supervisor, case.pk)
        actions.do_accept_transfer(
            transfer=transfer, acting_user=self.ngo_supervisor, assigned_to=self.ngo_case_worker
        )
        case.refresh_from_db()
        person.refresh_from_db()
        self.assertEqual((case.agency, case.assigned_to), (self.ngo, self.ngo_case_worker))
        self.assertEqual(person.agency, self.ngo)
        # The new owner sees it; the old agency keeps only the transfer record.
        self.assertEqual(case_queries.access_case(self.ngo_case_worker, case.pk), case)
        for old in (self.fia_case_worker, self.fia_supervisor):
            with self.assertRaises(RecordNotFound):
                case_queries.access_case(old, case.pk)
            with self.assertRaises(RecordNotFound):
                case_queries.access_person(old, person.pk)
        record, side = transfers.access_transfer(self.fia_supervisor, transfer.pk)
        self.assertEqual((record.status, side), ("accepted", "sender"))
        events = list(AuditLog.objects.values_list("event", flat=True))
        for event in ("transfer-requested", "transfer-approved", "transfer-accepted"):
            self.assertIn(event, events)

    def test_no_consent_no_approval_and_nothing_changes(self):
        transfer, case, _p, _c = self.requested(consent=False)
        with self.assertRaises(DisclosureRefused):
            actions.do_approve_transfer(transfer=transfer, acting_user=self.fia_supervisor)
        transfer.refresh_from_db()
        self.assertEqual(transfer.status, "requested")
        # A supervisor's override with a reason is a basis.
        actions.do_approve_transfer(
            transfer=transfer,
            acting_user=self.fia_supervisor,
            override_reason="Court hearing is in Karachi next week",
        )
        transfer.refresh_from_db()
        self.assertEqual((transfer.status, transfer.basis_kind), ("approved", "override"))

    def test_both_supervisors_are_needed(self):
        transfer, *_ = self.requested()
        for not_supervisor in (self.fia_case_worker, self.ngo_case_worker):
            with self.assertRaises(RecordNotFound):
                actions.do_approve_transfer(transfer=transfer, acting_user=not_supervisor)
        # The receiving supervisor cannot accept what the sending supervisor has not approved.
        with self.assertRaises(RecordNotFound):
            actions.do_accept_transfer(transfer=transfer, acting_user=self.ngo_supervisor)
        actions.do_approve_transfer(transfer=transfer, acting_user=self.fia_supervisor)
        for not_receiver in (
            self.ngo_case_worker,
            self.ngo_service_provider,
            self.other_supervisor,
            self.fia_supervisor,
        ):
            with self.assertRaises(RecordNotFound):
                actions.do_accept_transfer(transfer=transfer, acting_user=not_receiver)

    def test_consent_revoked_after_approval_stops_the_hand_over(self):
        transfer, case, _p, consent = self.requested()
        actions.do_approve_transfer(transfer=transfer, acting_user=self.fia_supervisor)
        do_revoke_consent(consent=consent, acting_user=self.fia_case_worker)
        with self.assertRaises(ValidationError):
            actions.do_accept_transfer(transfer=transfer, acting_user=self.ngo_supervisor)
        case.refresh_from_db()
        self.assertEqual(case.agency, self.fia)

    def test_decline_and_cancel(self):
        transfer, case, *_ = self.requested()
        actions.do_approve_transfer(transfer=transfer, acting_user=self.fia_supervisor)
        with self.assertRaises(ValidationError):
            actions.do_decline_transfer(transfer=transfer, acting_user=self.ngo_supervisor, note="")
        actions.do_decline_transfer(
            transfer=transfer, acting_user=self.ngo_supervisor, note="No capacity for this case"
        )
        case.refresh_from_db()
        self.assertEqual(case.agency, self.fia)
        again = actions.do_request_transfer(
            case=case,
            to_agency=self.other,
            reason="Closer to family",
            acting_user=self.fia_case_worker,
        )
        with self.assertRaises(ValidationError):  # one open transfer per case
            actions.do_request_transfer(
                case=case, to_agency=self.ngo, reason="x", acting_user=self.fia_case_worker
            )
        actions.do_cancel_transfer(transfer=again, acting_user=self.fia_case_worker)
        again.refresh_from_db()
        self.assertEqual(again.status, "cancelled")

    def test_bad_requests(self):
        case, _person, _ = self.referred_case()
        with self.assertRaises(ValidationError):
            actions.do_request_transfer(
                case=case, to_agency=self.fia, reason="x", acting_user=self.fia_case_worker
            )
        with self.assertRaises(ValidationError):
            actions.do_request_transfer(
                case=case, to_agency=self.ngo, reason=" ", acting_user=self.fia_case_worker
            )
        with self.assertRaises(RecordNotFound):
            actions.do_request_transfer(
                case=case, to_agency=self.ngo, reason="x", acting_user=self.other_case_worker
            )


class TransferApiAndPagesTest(ReferralTestCase):
    def test_transfer_through_the_api(self):
        case, _person, _ = self.referred_case(consent_to=self.ngo, purpose="referral")
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            "/api/transfers/",
            {"case_id": case.pk, "to_agency_id": self.ngo.pk, "reason": "Moved"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        tid = response.json()["id"]
        self.assertEqual(self.client.post(f"/api/transfers/{tid}/approve/").status_code, 404)
        self.sign_in(self.fia_supervisor)
        self.assertEqual(
            self.client.post(f"/api/transfers/{tid}/approve/").json()["status"], "approved"
        )
        self.sign_in(self.ngo_supervisor)
        response = self.client.post(
            f"/api/transfers/{tid}/accept/",
            {"assigned_to_id": self.ngo_case_worker.pk},
            content_type="application/json",
        )
        self.assertEqual(response.json()["status"], "accepted")
        self.sign_in(self.fia_supervisor)
        page = self.client.get(f"/referrals/transfers/{tid}/")
        self.assertNotContains(page, "Moved")  # the reason went with the case
        self.assertContains(page, "T-")

    def test_pages_ask_and_approve(self):
        case, _person, _ = self.referred_case(consent_to=self.ngo, purpose="referral")
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            f"/referrals/transfers/new/{case.pk}/", {"to_agency": self.ngo.pk, "reason": "Moved"}
        )
        from rihai.referrals.models import Transfer

        transfer = Transfer.objects.get()
        self.assertRedirects(response, f"/referrals/transfers/{transfer.pk}/")
        self.sign_in(self.fia_supervisor)
        self.client.post(f"/referrals/transfers/{transfer.pk}/approve/", {})
        transfer.refresh_from_db()
        self.assertEqual(transfer.status, "approved")
        self.sign_in(self.ngo_supervisor)
        self.assertContains(self.client.get("/referrals/transfers/"), f"T-{transfer.pk}")
