"""Which roles reach which pages: refused unless their role grants it."""

from tests.base import RihaiTestCase


class HomeAndAdminMatrixTest(RihaiTestCase):
    def test_home_needs_sign_in(self):
        self.assertRefused("/", [None])
        self.assertAllowed("/", [self.fia_case_worker, self.ngo_analyst, self.fia_auditor])

    def test_admin_only_for_administrators(self):
        self.assertRefused(
            "/admin/",
            [
                None,
                self.fia_supervisor,
                self.fia_case_worker,
                self.fia_investigator,
                self.fia_service_provider,
                self.fia_analyst,
                self.fia_auditor,
            ],
        )
        self.assertAllowed("/admin/", [self.fia_administrator])

    def test_admin_refused_without_two_factor(self):
        self.client.force_login(self.fia_administrator)
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        self.assertNotEqual(response["Location"], "/admin/")

    def test_api_me_needs_sign_in_and_reports_grants(self):
        self.assertRefused("/api/me/", [None])
        self.sign_in(self.fia_supervisor)
        data = self.client.get("/api/me/").json()
        self.assertEqual(data["role"], "supervisor")
        from rihai.accounts.roles import grants_of

        self.assertEqual(
            {(g["resource"], g["action"]) for g in data["grants"]},
            {(str(r), str(a)) for r, a, _s in grants_of("supervisor")},
        )

    def test_api_schema_is_served_to_signed_in_users(self):
        self.assertRefused("/api/schema/", [None])
        self.sign_in(self.fia_case_worker)
        response = self.client.get("/api/schema/")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"/api/me/", response.content)

    def test_menu_shows_only_granted_modules(self):
        self.sign_in(self.fia_analyst)
        page = self.client.get("/").content.decode()
        self.assertNotIn("Audit log", page)
        self.sign_in(self.fia_auditor)
        page = self.client.get("/").content.decode()
        self.assertIn("Audit log", page)
        self.assertNotIn("Administration", page)  # supervisors and auditors view users only
