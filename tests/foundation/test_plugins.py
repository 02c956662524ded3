"""Apps plug themselves in: the test app (tests/testapp/plugin.py) is named nowhere in the
foundation, yet its resource, grants, audit event, menu entry, work and demo all appear."""

from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import override_settings

from rihai.accounts.roles import grants_of
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditLog
from rihai.core import plugins
from tests.base import RihaiTestCase
from tests.testapp import plugin as testapp_plugin


class PluginRegistryTest(RihaiTestCase):
    def test_a_new_apps_declarations_reach_the_foundation(self):
        self.assertIn(("testnote", "Test notes"), plugins.resource_choices())
        self.assertIn("testnote", plugins.personal_data_resources())
        self.assertIn(("testnote", "view", 2), grants_of("supervisor"))
        # The default roles got the grant at migrate time, without a migration naming it.
        self.assertEqual(self.fia_supervisor.scope_for("testnote", "view"), 2)
        self.assertIsNone(self.fia_case_worker.scope_for("testnote", "view"))

    def test_its_menu_entry_and_work_show_only_to_roles_granted(self):
        self.sign_in(self.fia_supervisor)
        page = self.client.get("/")
        self.assertIn("Test notes", [item["label"] for item in page.context["nav_items"]])
        self.assertIn("test-notes", [item.key for item in page.context["work"]])
        self.assertContains(page, "test notes to read")
        self.sign_in(self.fia_case_worker)
        page = self.client.get("/")
        self.assertNotIn("Test notes", [item["label"] for item in page.context["nav_items"]])
        self.assertNotIn("test-notes", [item.key for item in page.context["work"]])

    def test_its_audit_event_is_accepted_and_its_label_shown(self):
        row = record_audit(event="testnote-read", acting_user=self.fia_supervisor)
        self.assertEqual(row.get_event_display(), "Test note read")
        self.assertEqual(AuditLog.objects.get(pk=row.pk).event, "testnote-read")

    @override_settings(DEBUG=True)
    def test_its_demo_runs_after_the_apps_it_depends_on(self):
        testapp_plugin.SEEDED.clear()
        out = StringIO()
        call_command("seed_demo", "--only", "accounts", "testapp", stdout=out)
        self.assertEqual(len(testapp_plugin.SEEDED), 1)
        self.assertGreater(testapp_plugin.SEEDED[0], 2)  # the demo agencies existed already
        self.assertIn("testapp: notes: 0", out.getvalue())
        labels = [label for label, _seed in plugins.demo_seeders()]
        self.assertLess(labels.index("accounts"), labels.index("testapp"))
        self.assertLess(labels.index("accounts"), labels.index("cases"))


class PluginConflictTest(RihaiTestCase):
    def _with(self, *extra):
        real = plugins.installed()
        return mock.patch.object(plugins, "installed", return_value=(*real, *extra))

    def test_two_apps_declaring_one_resource_are_refused(self):
        clash = plugins.RihaiApp(label="clash", resources={"case": "Cases again"})
        plugins.clear_caches()
        try:
            with self._with(clash), self.assertRaises(plugins.PluginError):
                plugins._merged("resources")
        finally:
            plugins.clear_caches()

    def test_demo_seeders_waiting_on_each_other_are_refused(self):
        a = plugins.RihaiApp(label="a", demo=plugins.DemoSeeder(seed="x.y", after=("b",)))
        b = plugins.RihaiApp(label="b", demo=plugins.DemoSeeder(seed="x.z", after=("a",)))
        with self._with(a, b), self.assertRaisesRegex(plugins.PluginError, "wait on each other"):
            plugins.demo_seeders()
