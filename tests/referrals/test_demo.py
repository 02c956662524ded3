"""The referrals demo: a directory in every province, referrals in every state, all fictional."""

import random
from collections import Counter
from io import StringIO

from django.test import TestCase
from django.utils import timezone

from rihai.accounts import demo as accounts_demo
from rihai.audit.chain import verify_chain
from rihai.cases import demo as cases_demo
from rihai.geo.models import District, Province
from rihai.referrals import demo
from rihai.referrals.models import Placement, Provider, Referral


class ReferralsDemoTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        accounts_demo.seed()
        cases_demo.seed(stdout=StringIO(), rng=random.Random(7), count=80)

    def test_seed_makes_a_national_directory_and_referrals_in_every_state(self):
        counts = demo.seed(stdout=StringIO(), rng=random.Random(7), size="small")
        self.assertEqual(Provider.objects.count(), counts["providers"])
        provinces = set(Provider.objects.values_list("province__iso_code", flat=True))
        self.assertEqual(provinces, set(Province.objects.values_list("iso_code", flat=True)))
        punjab = District.objects.filter(province__iso_code="PK-PB")
        dar_ul_aman = Provider.objects.filter(kind="dar-ul-aman")
        self.assertEqual(
            set(dar_ul_aman.values_list("district", flat=True)),
            set(punjab.values_list("pk", flat=True)),
        )
        for provider in Provider.objects.all():
            self.assertIn("Demo", provider.name)
        self.assertGreaterEqual(counts["referrals"], 14)
        states = Counter(Referral.objects.values_list("status", flat=True))
        self.assertEqual(
            set(states),
            {"requested", "accepted", "declined", "in-service", "completed", "withdrawn"},
            states,
        )
        overdue = Referral.objects.filter(status="requested", due_by__lt=timezone.now())
        self.assertTrue(overdue.exists())
        self.assertTrue(Placement.objects.exists())
        self.assertIsNone(verify_chain())
        again = demo.seed(stdout=StringIO(), rng=random.Random(7), size="small")
        self.assertEqual(again, {"providers": 0, "referrals": 0})
