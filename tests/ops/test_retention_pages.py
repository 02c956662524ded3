"""The holds and erasure pages (issue 18, part 2): bilingual lists and forms over the ops
actions; a supervisor places and lifts holds with reasons; one user asks for an erasure and
another supervisor decides it; other agencies, administrators, analysts and anonymous
visitors get nothing.
"""

from types import SimpleNamespace

from django.urls import reverse

from rihai.audit.chain import verify_chain
from rihai.audit.models import AuditLog
from rihai.cases.models import Person
from rihai.ops import urls as ops_urls
from rihai.ops.actions import do_place_hold, do_request_erasure
from rihai.ops.models import ErasureRequest, LegalHold
from tests.cases.helpers import CaseTestCase
from tests.role_matrix import RoleMatrixBase

HOLDS, ERASURES = "/retention/holds/", "/retention/erasures/"


class World(CaseTestCase):
    def setUp(self):
        super().setUp()
        self.mine = self.person(self.fia_case_worker, cnic="35202-1111111-1")
        self.case(user=self.fia_case_worker, person=self.mine)
        self.theirs = self.person(self.ngo_case_worker, name_roman="Nargis Demo")
        self.case(user=self.ngo_case_worker, person=self.theirs)

    def hold(self, person=None, user=None):
        return do_place_hold(
            record_type="cases.person",
            object_id=(person or self.mine).pk,
            reason="FIR 12/2027 at Lahore",
            acting_user=user or self.fia_supervisor,
        )

    def ask(self, person=None, user=None):
        return do_request_erasure(
            person=person or self.mine,
            basis="consent-withdrawn",
            acting_user=user or self.fia_case_worker,
        )


class HoldPagesTest(World):
    def test_a_supervisor_places_and_lifts_a_hold_with_reasons(self):
        self.sign_in(self.fia_supervisor)
        response = self.client.post(
            HOLDS,
            {"record_type": "cases.person", "object_id": f"P-{self.mine.pk}", "reason": "FIR 1"},
        )
        self.assertRedirects(response, HOLDS)
        hold = LegalHold.objects.get()
        self.assertEqual(hold.object_id, str(self.mine.pk))
        page = self.client.get(HOLDS)
        self.assertContains(page, f"H-{hold.pk}")
        self.assertNotContains(page, "FIR 1")  # the reason's text stays off the list
        # Lifting needs a reason.
        self.client.post(reverse("ops:lift-hold", args=[hold.pk]), {"reason": " "})
        hold.refresh_from_db()
        self.assertIsNone(hold.lifted_on)
        self.client.post(reverse("ops:lift-hold", args=[hold.pk]), {"reason": "Judgment final"})
        hold.refresh_from_db()
        self.assertIsNotNone(hold.lifted_on)
        self.assertEqual(hold.lift_reason, "Judgment final")
        self.assertEqual(
            list(
                AuditLog.objects.filter(event__startswith="hold-").values_list("event", flat=True)
            ),
            ["hold-placed", "hold-lifted"],
        )
        self.assertIsNone(verify_chain())

    def test_records_that_take_no_manual_hold_are_not_offered(self):
        self.sign_in(self.fia_supervisor)
        offered = self.client.get(HOLDS).context["form"].fields["record_type"].choices
        codes = {code for code, _label in offered}
        self.assertIn("cases.person", codes)
        for code in ("core.idempotency-key", "accounts.session", "accounts.sign-in"):
            self.assertNotIn(code, codes)

    def test_a_bad_record_number_is_named_and_nothing_is_held(self):
        self.sign_in(self.fia_supervisor)
        response = self.client.post(
            HOLDS, {"record_type": "cases.person", "object_id": "twelve", "reason": "FIR 1"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "as its page shows it", status_code=400)
        self.assertFalse(LegalHold.objects.exists())

    def test_another_agency_neither_sees_nor_holds_nor_lifts_ours(self):
        hold = self.hold()
        self.sign_in(self.ngo_supervisor)
        self.assertNotContains(self.client.get(HOLDS), f"H-{hold.pk}")
        response = self.client.post(
            HOLDS, {"record_type": "cases.person", "object_id": self.mine.pk, "reason": "mine now"}
        )
        self.assertEqual(response.status_code, 404)  # the record is "not found"
        response = self.client.post(
            reverse("ops:lift-hold", args=[hold.pk]), {"reason": "Judgment final"}
        )
        self.assertEqual(response.status_code, 404)
        hold.refresh_from_db()
        self.assertIsNone(hold.lifted_on)
        self.assertEqual(LegalHold.objects.count(), 1)

    def test_roles_without_the_ops_grant_are_refused_and_anonymous_sent_to_sign_in(self):
        self.client.logout()
        response = self.client.get(HOLDS)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        for user in (self.fia_administrator, self.fia_analyst, self.fia_case_worker):
            self.sign_in(user)
            self.assertEqual(self.client.get(HOLDS).status_code, 403, user.username)
        # An investigator sees the agency's holds but may not place one.
        self.hold()
        self.sign_in(self.fia_investigator)
        page = self.client.get(HOLDS)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Place the hold")
        response = self.client.post(
            HOLDS, {"record_type": "cases.person", "object_id": self.mine.pk, "reason": "x"}
        )
        self.assertEqual(response.status_code, 403)

    def test_the_page_is_in_urdu_right_to_left(self):
        self.sign_in(self.fia_supervisor)
        self.client.cookies.load({"django_language": "ur"})
        page = self.client.get(HOLDS)
        self.assertContains(page, 'dir="rtl"')
        self.assertContains(page, "<h1>قانونی روکیں</h1>", html=False)
        self.assertNotContains(page, "Place a hold")


class ErasurePagesTest(World):
    def test_one_asks_and_another_supervisor_erases(self):
        self.sign_in(self.fia_case_worker)
        response = self.client.post(
            ERASURES, {"person": f"P-{self.mine.pk}", "basis": "consent-withdrawn"}
        )
        self.assertRedirects(response, ERASURES)
        erasure = ErasureRequest.objects.get()
        page = self.client.get(ERASURES)
        self.assertContains(page, f"E-{erasure.pk}")
        self.assertNotContains(page, "Erase the personal data")  # a case worker cannot decide
        # The case worker's POST to decide is refused.
        decide = reverse("ops:decide-erasure", args=[erasure.pk])
        self.assertEqual(self.client.post(decide, {"decision": "erase"}).status_code, 403)

        self.sign_in(self.fia_supervisor)
        self.assertContains(self.client.get(ERASURES), "Erase the personal data")
        self.assertRedirects(self.client.post(decide, {"decision": "erase"}), ERASURES)
        erasure.refresh_from_db()
        self.assertEqual(erasure.status, "erased")
        self.assertEqual(Person.objects.get(pk=self.mine.pk).name_roman, "")
        self.assertIsNone(verify_chain())

    def test_the_supervisor_who_asked_cannot_decide(self):
        erasure = self.ask(user=self.fia_supervisor)
        self.sign_in(self.fia_supervisor)
        self.assertContains(self.client.get(ERASURES), "another supervisor must decide")
        decide = reverse("ops:decide-erasure", args=[erasure.pk])
        self.client.post(decide, {"decision": "erase"})
        erasure.refresh_from_db()
        self.assertEqual(erasure.status, "pending")
        self.assertNotEqual(Person.objects.get(pk=self.mine.pk).name_roman, "")

    def test_a_held_person_cannot_be_asked_for(self):
        self.hold()
        self.sign_in(self.fia_case_worker)
        response = self.client.post(ERASURES, {"person": self.mine.pk, "basis": "not-a-victim"})
        self.assertContains(response, "on hold", status_code=400)
        self.assertFalse(ErasureRequest.objects.exists())

    def test_another_agency_sees_nothing_and_cannot_decide(self):
        erasure = self.ask()
        decide = reverse("ops:decide-erasure", args=[erasure.pk])
        for user in (self.ngo_supervisor, self.ngo_case_worker):
            self.sign_in(user)
            self.assertNotContains(self.client.get(ERASURES), f"E-{erasure.pk}")
            self.assertIn(self.client.post(decide, {"decision": "erase"}).status_code, (403, 404))
        self.sign_in(self.ngo_case_worker)
        response = self.client.post(ERASURES, {"person": self.mine.pk, "basis": "not-a-victim"})
        self.assertEqual(response.status_code, 404)
        erasure.refresh_from_db()
        self.assertEqual(erasure.status, "pending")
        self.assertEqual(ErasureRequest.objects.count(), 1)

    def test_a_case_worker_sees_only_the_requests_they_made(self):
        other_worker_request = self.ask(user=self.fia_investigator)
        self.sign_in(self.fia_case_worker)
        self.assertNotContains(self.client.get(ERASURES), f"E-{other_worker_request.pk}")

    def test_administrators_and_anonymous_are_refused(self):
        self.client.logout()
        self.assertEqual(self.client.get(ERASURES).status_code, 302)
        for user in (self.fia_administrator, self.fia_analyst, self.fia_auditor):
            self.sign_in(user)
            self.assertEqual(self.client.get(ERASURES).status_code, 403, user.username)


# The probes in the same URL conf answer everyone by design (a load balancer signs in as no
# one): tests/ops/test_health.py covers them. The matrix walks every other ops URL.
PROBES = {"healthz", "readyz", "metrics"}
RETENTION_URLS = SimpleNamespace(
    __name__="rihai.ops.urls (without the probes)",
    urlpatterns=[p for p in ops_urls.urlpatterns if p.name not in PROBES],
)


class RetentionRoleMatrixTest(RoleMatrixBase, World):
    url_modules = [(RETENTION_URLS, "/")]
    min_urls = 4
    min_record_urls = 2

    def test_the_matrix_leaves_out_only_the_probes(self):
        names = {p.name for p in ops_urls.urlpatterns}
        self.assertEqual(names - {p.name for p in RETENTION_URLS.urlpatterns}, PROBES)

    def url_values(self):
        held = self.person(self.fia_case_worker, name_roman="Held Demo")
        return {"<int:hold_id>": self.hold(held).pk, "<int:request_id>": self.ask().pk}

    def outsiders(self):
        return [None, self.fia_analyst, self.fia_auditor, self.fia_administrator]

    def other_agency_users(self):
        return [self.ngo_supervisor, self.ngo_investigator]
