from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from rihai.accounts.models import Agency, User
from rihai.audit.chain import verify_chain
from rihai.geo.models import Province


@override_settings(DEBUG=True)
class SeedDemoTest(TestCase):
    def test_agencies_in_every_province_and_a_user_per_role(self):
        out = StringIO()
        call_command("seed_demo", "--only", "accounts", stdout=out)
        provinces = set(Agency.objects.values_list("province__iso_code", flat=True))
        self.assertEqual(provinces, set(Province.objects.values_list("iso_code", flat=True)))
        roles = set(User.objects.values_list("role__code", flat=True))
        self.assertEqual(
            roles,
            {
                "administrator",
                "supervisor",
                "case-worker",
                "investigator",
                "service-provider",
                "analyst",
                "auditor",
            },
        )
        self.assertIn("demo.analyst", out.getvalue())
        self.assertFalse(Agency.objects.filter(district__isnull=True).exists())
        self.assertIsNone(verify_chain())

    def test_running_twice_changes_nothing(self):
        call_command("seed_demo", "--only", "accounts", stdout=StringIO())
        counts = (Agency.objects.count(), User.objects.count())
        call_command("seed_demo", "--only", "accounts", stdout=StringIO())
        self.assertEqual((Agency.objects.count(), User.objects.count()), counts)

    @override_settings(DEBUG=False)
    def test_refuses_without_debug(self):
        with self.assertRaises(CommandError):
            call_command("seed_demo", "--only", "accounts", stdout=StringIO())
        self.assertEqual(Agency.objects.count(), 0)
