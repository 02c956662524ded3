"""The justice demo: every stage, outcomes, suspects linked across provinces, all fictional."""

import random
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from rihai.audit.chain import verify_chain
from rihai.justice import demo
from rihai.justice.choices import Stage
from rihai.justice.linking import matches_for
from rihai.justice.models import Investigation, Suspect


@override_settings(DEBUG=True)
class JusticeDemoTest(TestCase):
    def test_every_stage_and_cross_province_links_once(self):
        call_command(
            "seed_demo", "--size", "small", "--only", "accounts", "cases", stdout=StringIO()
        )
        counts = demo.seed(rng=random.Random(7), size="small", count=24)
        self.assertEqual(counts["investigations"], 24)
        self.assertEqual(
            set(Investigation.objects.values_list("stage", flat=True)), set(Stage.values)
        )
        self.assertTrue(Investigation.objects.exclude(outcome="").exists())
        for suspect in Suspect.objects.all():
            self.assertIn("Demo", suspect.name_roman or suspect.name_ur.replace("ڈیمو", "Demo"))
            self.assertTrue(not suspect.cnic or suspect.cnic.startswith("99999-"))
        provinces_of_ring = set(
            Suspect.objects.filter(
                cnic_bidx=Suspect.objects.exclude(cnic_bidx="").first().cnic_bidx
            ).values_list("agency__province__iso_code", flat=True)
        )
        self.assertGreaterEqual(len(provinces_of_ring), 2)
        some = Suspect.objects.exclude(cnic_bidx="").select_related("agency").first()
        officer = some.created_by
        mine, elsewhere = matches_for(officer, some)
        self.assertTrue(elsewhere, "a ring member should be seen in another circle")
        self.assertIsNone(verify_chain())
        self.assertEqual(
            demo.seed(rng=random.Random(7), size="small"), {"investigations": 0, "suspects": 0}
        )
