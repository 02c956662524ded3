from rihai.audit.models import AuditLog
from rihai.cases.models import Case, Person

from .helpers import CaseTestCase

NEW = {
    "person-name_roman": "Rukhsana Demo",
    "person-name_ur": "رخسانہ ڈیمو",
    "person-sex": "female",
    "person-estimated_age": "22",
    "person-nationality": "PK",
    "person-cnic": "35202-4444444-4",
    "person-province": "",
    "case-exploitation_types": ["forced-labour"],
    "case-recruiter_relation": "agent",
    "case-recruitment_channel": "job-ad",
    "case-destination_country": "SA",
}


class CasePagesTest(CaseTestCase):
    def test_list_shows_own_cases_and_is_audited(self):
        case = self.case()
        self.sign_in(self.fia_case_worker)
        page = self.client.get("/cases/")
        self.assertContains(page, case.reference)
        self.assertEqual(AuditLog.objects.latest("id").event, "record-listed")

    def test_list_search_by_cnic(self):
        hit = self.case(person=self.person(cnic="35202-5555555-5"))
        miss = self.case()
        self.sign_in(self.fia_case_worker)
        page = self.client.get("/cases/", {"q": "3520255555555"}).content.decode()
        self.assertIn(hit.reference, page)
        self.assertNotIn(miss.reference, page)

    def register(self, data, **extra):
        """The two steps: the duplicate check, then registering with its token."""
        page = self.client.post("/cases/new/", {**data, "step": "check"}).content.decode()
        token = page.split('name="checked" value="')[1].split('"')[0]
        return self.client.post(
            "/cases/new/", {**data, "step": "register", "checked": token, **extra}
        )

    def test_register_and_open(self):
        self.sign_in(self.fia_case_worker)
        response = self.register(NEW)
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        case = Case.objects.latest("id")
        self.assertEqual(response["Location"], f"/cases/{case.pk}/")
        self.assertTrue(case.is_transnational)
        detail = self.client.get(response["Location"])
        self.assertContains(detail, "رخسانہ ڈیمو")
        self.assertContains(detail, "35202-•••••••-4")  # masked on pages too
        self.assertNotContains(detail, "4444444")
        self.assertEqual(AuditLog.objects.latest("id").event, "record-viewed")

    def test_bad_input_shows_field_errors_and_saves_nothing(self):
        self.sign_in(self.fia_case_worker)
        before = Person.objects.count()
        response = self.client.post(
            "/cases/new/", {**NEW, "person-cnic": "123", "person-date_of_birth": "2999-01-01"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "12345-1234567-1")
        self.assertContains(response, "future")
        self.assertEqual(Person.objects.count(), before)

    def test_possible_duplicate_must_be_confirmed(self):
        self.case(person=self.person(name_roman="Rukhsana Demo", estimated_age=22))
        self.sign_in(self.fia_case_worker)
        before = Case.objects.count()
        response = self.register({**NEW, "person-cnic": ""})
        self.assertContains(response, "say that this is a new person")
        self.assertEqual(Case.objects.count(), before)
        response = self.register({**NEW, "person-cnic": ""}, confirm_new_person="on")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Case.objects.count(), before + 1)

    def test_screening_interview_records_a_recommendation(self):
        case = self.case()
        self.sign_in(self.fia_case_worker)
        page = self.client.get(f"/cases/{case.pk}/screening/")
        self.assertContains(page, "d1.nature")
        response = self.client.post(
            f"/cases/{case.pk}/screening/",
            {
                "d1.nature": "yes",
                "d1.wages": "yes",
                "d4.hours": "yes",
                "d4.low_pay": "yes",
                "d5.documents": "yes",
                "d5.violence": "yes",
            },
        )
        self.assertEqual(response.status_code, 302)
        detail = self.client.get(f"/cases/{case.pk}/").content.decode()
        self.assertIn("Presumed victim of trafficking", detail)
        self.assertIn("ILO indicators", detail)

    def test_status_request_and_supervisor_approval(self):
        case = self.case()
        self.sign_in(self.fia_case_worker)
        asked = {"to_status": "closed", "reason": "moved abroad"}
        page = self.client.post(f"/cases/{case.pk}/status/", asked)
        self.assertContains(page, "What will happen")  # asked twice: nothing requested yet
        self.assertFalse(case.status_changes.exists())
        self.client.post(f"/cases/{case.pk}/status/", {**asked, "confirmed": "1"})
        case.refresh_from_db()
        self.assertEqual(case.status, "screening")
        change = case.status_changes.get()
        self.sign_in(self.fia_supervisor)
        self.client.post(f"/cases/{case.pk}/status/{change.pk}/decide/", {"approve": "1"})
        case.refresh_from_db()
        self.assertEqual(case.status, "closed")

    def test_consent_from_the_page(self):
        case = self.case()
        person = case.members.get().person
        self.sign_in(self.fia_case_worker)
        self.client.post(
            f"/cases/{case.pk}/consents/",
            {"person": person.pk, "recipient": self.ngo.pk, "purpose": "shelter"},
        )
        self.assertEqual(case.consents.count(), 1)

    def test_urdu_pages_render_right_to_left(self):
        case = self.case()
        self.sign_in(self.fia_case_worker)
        self.client.cookies["django_language"] = "ur"
        for url in ("/cases/", f"/cases/{case.pk}/", "/cases/new/", f"/cases/{case.pk}/screening/"):
            page = self.client.get(url).content.decode()
            self.assertIn('dir="rtl"', page, url)


class CasePagesRoleMatrixTest(CaseTestCase):
    def test_outsiders_are_refused(self):
        case = self.case()
        outsiders = [
            None,
            self.ngo_case_worker,
            self.ngo_supervisor,
            self.fia_analyst,
            self.fia_auditor,
            self.fia_administrator,
        ]
        for url in (f"/cases/{case.pk}/", f"/cases/{case.pk}/screening/"):
            self.assertRefused(url, outsiders)
        self.assertRefused(
            "/cases/", [None, self.fia_analyst, self.fia_auditor, self.fia_administrator]
        )
        self.assertRefused("/cases/new/", [None, self.fia_analyst, self.fia_service_provider])
        self.assertRefused(
            f"/cases/{case.pk}/status/",
            [None, self.ngo_supervisor, self.fia_analyst],
            method="post",
            data={"to_status": "closed", "reason": "x"},
        )
        case.refresh_from_db()
        self.assertEqual(case.status, "screening")


# The cases app's own home-page counts (other apps add theirs beside them).
CASE_WORK_KEYS = {"my-open-cases", "awaiting-approval"}


class HomeWorkSummaryTest(CaseTestCase):
    def test_supervisor_sees_requests_awaiting_approval(self):
        from rihai.cases import actions

        case = self.case()
        other = self.case()
        actions.do_request_status_change(
            case=case, to_status="closed", reason="moved", acting_user=self.fia_case_worker
        )
        self.sign_in(self.fia_supervisor)
        page = self.client.get("/")
        work = {item.key: item for item in page.context["work"]}
        self.assertEqual(work["awaiting-approval"].count, 1)
        self.assertEqual(work["awaiting-approval"].url, "/cases/?awaiting_approval=on")
        listed = self.client.get("/cases/", {"awaiting_approval": "on"}).content.decode()
        self.assertIn(case.reference, listed)
        self.assertNotIn(other.reference, listed)

    def test_case_worker_sees_own_open_cases_and_no_approvals(self):
        self.case()
        self.sign_in(self.fia_case_worker)
        closed = self.case()
        closed.status = "closed"
        closed.save(update_fields=["status"])
        work = [i for i in self.client.get("/").context["work"] if i.key in CASE_WORK_KEYS]
        self.assertEqual([(i.key, i.count) for i in work], [("my-open-cases", 1)])
        # The count matches the list it links to.
        listed = self.client.get(work[0].url).content.decode()
        self.assertNotIn(closed.reference, listed)

    def test_analyst_sees_no_case_counts(self):
        self.case()
        self.sign_in(self.fia_analyst)
        work = [i for i in self.client.get("/").context["work"] if i.key in CASE_WORK_KEYS]
        self.assertEqual(work, [])
