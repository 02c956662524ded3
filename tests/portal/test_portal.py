"""The public site: report anonymously, follow with a code, check an offer, look up a recruiter;
and the intake queue of the agency a report is routed to."""

from django.core.cache import cache
from django.db import connection
from django.utils.html import escape

from rihai.accounts.models import Agency, AgencyType
from rihai.audit.models import AuditLog
from rihai.portal.models import Report, ReportAddition
from tests.base import RihaiTestCase

SECRET_STORY = "Agent Demo Rashid took 200000 rupees for an azad visa to Dubai"


def solve(response) -> dict:
    """The challenge answer and token from a rendered form (as a person reading it would)."""
    form = response.context["form"]
    token = form.initial.get("question_token") or form.data.get("question_token")
    label = str(form.fields["answer"].label)
    a, b = label.rsplit("is ", 1)[1].rstrip("?").split(" + ")
    return {"question_token": token, "answer": str(int(a) + int(b))}


class PortalTestCase(RihaiTestCase):
    def setUp(self):
        cache.clear()

    def report(self, **overrides):
        page = self.client.get("/help/report/")
        data = {
            "urgent": "no",
            "kind": "abroad",
            "district": self.lahore.pk,
            "what_happened": SECRET_STORY,
            "who": "Demo Overseas Ltd",
            "phones": "0300-0000012",
            "links": "",
            "contact": "",
            "website": "",
            **solve(page),
            **overrides,
        }
        return self.client.post(
            "/help/report/", data, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="TestPhone/1.0"
        )


class ReportTest(PortalTestCase):
    def test_a_report_is_routed_and_gives_a_code_that_follows_it(self):
        response = self.report()
        self.assertEqual(response.status_code, 200)
        code = response.context["code"]
        self.assertRegex(code, r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$")
        report = Report.objects.get()
        self.assertEqual(report.routed_to, self.fia)  # abroad -> FIA, nearest circle
        status = self.client.post("/help/report/status/", {"code": code.lower().replace("-", " ")})
        self.assertContains(status, "Received")
        added = self.client.post(
            "/help/report/status/", {"code": code, "text": "He has a new number"}
        )
        self.assertTrue(added.context["added"])
        self.assertEqual(ReportAddition.objects.get().text, "He has a new number")

    def test_the_stored_report_holds_no_address_agent_or_cookie(self):
        self.client.cookies["sessionid"] = "cookie-identifier-xyz"
        self.report()
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM portal_report")
            raw = " ".join(str(v) for row in cursor.fetchall() for v in row)
        for trace in ("203.0.113.9", "TestPhone", "cookie-identifier-xyz", "Rashid"):
            self.assertNotIn(trace, raw)  # the story is ciphertext; no identifiers at all
        row = AuditLog.objects.get(event="report-received")
        self.assertIsNone(row.ip_address)
        self.assertIsNone(row.acting_user_id)

    def test_the_challenge_and_the_hidden_field_keep_robots_out(self):
        response = self.report(answer="99")
        self.assertEqual(response.status_code, 200)
        self.assertIn("answer", response.context["form"].errors)
        self.report(website="http://spam.example")
        self.assertEqual(Report.objects.count(), 0)

    def test_a_form_with_errors_keeps_what_was_typed_and_asks_a_new_question(self):
        response = self.report(what_happened="")
        form = response.context["form"]
        self.assertIn("what_happened", form.errors)
        self.assertEqual(form.data["who"], "Demo Overseas Ltd")
        self.assertEqual(form.data["answer"], "")

    def test_scripts_in_text_are_stored_as_text_and_shown_escaped(self):
        self.report(what_happened="<script>alert(1)</script> help")
        report = Report.objects.get()
        self.assertEqual(report.what_happened, "<script>alert(1)</script> help")
        self.sign_in(self.fia_supervisor)
        page = self.client.get(f"/intake/{report.pk}/").content.decode()
        self.assertNotIn("<script>alert(1)</script>", page)
        self.assertIn("&lt;script&gt;", page)

    def test_a_flood_from_one_client_is_refused(self):
        for _ in range(5):
            self.report()
        response = self.report()
        self.assertEqual(response.status_code, 429)
        self.assertEqual(Report.objects.count(), 5)

    def test_a_guessed_code_reads_nothing(self):
        self.report()
        response = self.client.post("/help/report/status/", {"code": "AAAA-BBBB-CCCC-DDDD"})
        self.assertTrue(response.context["unknown"])
        self.assertNotContains(response, "Received")
        for _ in range(40):
            last = self.client.post("/help/report/status/", {"code": "AAAA-BBBB-CCCC-DDDE"})
        self.assertEqual(last.status_code, 429)

    def test_an_oversized_report_is_refused_clearly(self):
        response = self.report(what_happened="x" * 5000)
        self.assertIn("what_happened", response.context["form"].errors)
        self.assertEqual(Report.objects.count(), 0)

    def test_routing_follows_the_kind(self):
        labour = Agency.objects.create(
            name="Test Labour Lahore",
            code="TLAB",
            agency_type=AgencyType.LABOUR,
            province=self.punjab,
            district=self.lahore,
        )
        self.report(kind="bonded")
        self.assertEqual(Report.objects.get().routed_to, labour)


class CheckAndRecruiterTest(PortalTestCase):
    def test_checking_an_offer_shows_flags_with_words_and_stores_nothing(self):
        before = (Report.objects.count(), AuditLog.objects.count())
        response = self.client.post(
            "/help/check-offer/",
            {
                "text": "Azad visa for Saudia, no interview, advance fee 50,000. WhatsApp 0300-0000012"
            },
        )
        self.assertEqual(response.status_code, 200)
        result = response.context["result"]
        self.assertTrue(result.flags)
        page = response.content.decode()
        self.assertIn(result.flags[0].text, page)
        self.assertIn("+923000000012", page)
        self.assertIn("names no licence number", page)
        self.assertEqual((Report.objects.count(), AuditLog.objects.count()), before)

    def test_checking_in_urdu_explains_in_urdu(self):
        self.client.cookies["django_language"] = "ur"
        response = self.client.post("/help/check-offer/", {"text": "Azad visa, advance fee 50,000"})
        flag = response.context["result"].flags[0]
        self.assertContains(response, escape(flag.explanation_ur))
        self.assertContains(response, 'dir="rtl"')

    def test_recruiter_lookup_says_what_the_register_says(self):
        from datetime import timedelta

        from django.utils import timezone

        from rihai.screening.models.registry import Promoter

        today = timezone.localdate()
        Promoter.objects.create(
            licence="1234/LHR",
            name="Demo Overseas",
            city="Lahore",
            status="valid",
            valid_from=today - timedelta(days=300),
            valid_until=today + timedelta(days=60),
        )
        Promoter.objects.create(
            licence="0999/RWP",
            name="Demo Gone",
            city="Rawalpindi",
            status="valid",
            valid_from=today - timedelta(days=900),
            valid_until=today - timedelta(days=1),
        )
        valid = self.client.post("/help/recruiter/", {"query": "1234/lhr"})
        self.assertEqual([a.status for a in valid.context["answers"]], ["valid"])
        self.assertContains(valid, "Valid licence")
        self.assertContains(valid, "Demo Overseas")
        expired = self.client.post("/help/recruiter/", {"query": "0999/RWP"})
        self.assertEqual([a.status for a in expired.context["answers"]], ["expired"])
        self.assertContains(expired, "Licence expired")
        unknown = self.client.post("/help/recruiter/", {"query": "7777/KHI"})
        self.assertEqual([a.status for a in unknown.context["answers"]], ["unknown"])
        self.assertContains(unknown, "Not found in the register")
        offer = self.client.post(
            "/help/check-offer/", {"text": "Jobs in Dubai, licence 0999/RWP, call 0300-0000012"}
        )
        self.assertContains(offer, "Licence expired")


class SeparationFromStaffTest(PortalTestCase):
    def test_a_signed_in_staff_member_sees_no_staff_navigation_on_public_pages(self):
        self.sign_in(self.fia_supervisor)
        for url in (
            "/help/",
            "/help/report/",
            "/help/check-offer/",
            "/help/recruiter/",
            "/help/safe-migration/",
        ):
            page = self.client.get(url).content.decode()
            self.assertNotIn('class="mainnav"', page, url)
            self.assertNotIn(self.fia_supervisor.username, page, url)

    def test_public_pages_need_no_account_and_carry_no_script(self):
        for url in (
            "/help/",
            "/help/report/",
            "/help/report/status/",
            "/help/check-offer/",
            "/help/recruiter/",
            "/help/safe-migration/",
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn("<script", response.content.decode(), url)

    def test_published_helplines_are_only_verified_ones(self):
        from rihai.portal.helplines import HELPLINES

        page = self.client.get("/help/").content.decode()
        for helpline in HELPLINES:
            if helpline.verified:
                self.assertIn(helpline.number, page)
                self.assertTrue(len(helpline.sources) >= 2 or "[V]" in helpline.note)
            else:
                self.assertNotIn(f">{helpline.number}<", page)


class IntakeTest(PortalTestCase):
    def test_only_the_receiving_agency_reads_and_decides(self):
        self.report()
        report = Report.objects.get()
        self.assertRefusedAll(
            f"/intake/{report.pk}/",
            [None, self.ngo_supervisor, self.fia_analyst, self.fia_administrator],
        )
        self.sign_in(self.fia_supervisor)
        page = self.client.get(f"/intake/{report.pk}/")
        self.assertContains(page, "Rashid")
        self.assertTrue(
            AuditLog.objects.filter(event="record-viewed", object_id=str(report.pk)).exists()
        )
        self.client.post(f"/intake/{report.pk}/take/")
        # Opening an investigation is an investigator's act (tests/portal/test_triage.py).
        self.sign_in(self.fia_investigator)
        self.client.post(
            f"/intake/{report.pk}/decide/", {"outcome": "investigation", "note": "pass to circle"}
        )
        report.refresh_from_db()
        self.assertEqual((report.status, report.triage_outcome), ("acted-on", "investigation"))
        row = AuditLog.objects.get(event="report-triaged")
        self.assertEqual(
            (row.acting_user, row.extra),
            (
                self.fia_investigator,
                {"outcome": "investigation", "investigation_id": report.investigation_id},
            ),
        )

    def assertRefusedAll(self, url, users):
        self.assertRefused(url, users)
        self.assertRefused(
            url.rstrip("/") + "/decide/",
            users,
            method="post",
            data={"outcome": "no-action", "note": "x"},
        )
