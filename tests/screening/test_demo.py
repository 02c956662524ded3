import random
from io import StringIO

from django.test import TestCase

from rihai.accounts import demo as accounts_demo
from rihai.audit.chain import verify_chain
from rihai.screening import demo
from rihai.screening.models import Ad, Network, Promoter


class ScreeningDemoTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        accounts_demo.seed()

    def test_seed_makes_a_registry_and_ads_in_networks_and_is_idempotent(self):
        counts = demo.seed(stdout=StringIO(), rng=random.Random(3), size="small")
        self.assertEqual(counts["promoters"], 50)
        self.assertGreater(counts["ads"], 250)  # 300 generated, a few repeat one another
        self.assertEqual(
            set(Promoter.objects.values_list("status", flat=True)),
            {"valid", "expired", "cancelled", "suspended"},
        )
        for promoter in Promoter.objects.all():
            self.assertGreaterEqual(int(promoter.licence[:4]), 9900)  # never a real licence
            self.assertIn("Demo", promoter.name.replace("ڈیمو", "Demo"))
        self.assertGreaterEqual(Network.objects.count(), 3)
        self.assertTrue(Ad.objects.filter(band="high").exists())
        self.assertTrue(Ad.objects.exclude(app_flags="").exists())
        self.assertIsNone(verify_chain())
        again = demo.seed(stdout=StringIO(), rng=random.Random(3), size="small")
        self.assertEqual(again, {"promoters": 0, "ads": 0})
