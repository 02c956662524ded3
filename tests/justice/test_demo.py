"""The justice demo: every stage, outcomes, suspects linked across provinces, all fictional."""

import random
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from rihai.audit.chain import verify_chain
from rihai.justice import demo
from rihai.justice.choices import Stage
from rihai.justice.linking import matches_for
from rihai.justice.linking_recruiters import recruiter_matches_for
from rihai.justice.models import Investigation, Suspect


@override_settings(DEBUG=True)
class JusticeDemoTest(TestCase):
    def test_every_stage_and_cross_province_links_once(self):
        call_command(
            "seed_demo", "--size", "small", "--only", "accounts", "cases", stdout=StringIO()
        )
        counts = demo.seed(rng=random.Random(7), size="small", count=24)
        self.assertEqual(counts["investigations"], 24)
        self.assertGreater(counts["recruiter_accounts"], 0)
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
            demo.seed(rng=random.Random(7), size="small"),
            {"investigations": 0, "suspects": 0, "recruiter_accounts": 0},
        )

    def test_survivors_accounts_are_offered_on_suspect_pages(self):
        """Issue 13: the demo shows suggested links to survivors' accounts of their recruiters,
        of every kind (phone in another format, CNIC, name across scripts), in the investigator's
        own agency and as "ask this agency" elsewhere."""
        from rihai.audit.models import AuditLog
        from rihai.cases.models import RecruiterAccount

        call_command(
            "seed_demo", "--size", "small", "--only", "accounts", "cases", stdout=StringIO()
        )
        counts = demo.seed(rng=random.Random(7), size="small", count=24)
        self.assertEqual(RecruiterAccount.objects.count(), counts["recruiter_accounts"])
        self.assertEqual(
            AuditLog.objects.filter(event="recruiter-recorded").count(),
            counts["recruiter_accounts"],
        )
        for account in RecruiterAccount.objects.all():  # fictional, and says so
            name = account.name_roman or account.name_ur.replace("ڈیمو", "Demo")
            self.assertTrue(name or account.cnic, account.pk)
            self.assertTrue(not name or "Demo" in name)
            self.assertTrue(not account.cnic or account.cnic.startswith("99999-"))
            self.assertTrue(not account.phone or account.phone.startswith("+92 300 0001"))
        bases, asked = set(), 0
        for suspect in Suspect.objects.filter(kind="person").select_related("created_by"):
            offered, elsewhere = recruiter_matches_for(suspect.created_by, suspect)
            bases |= {b for o in offered for b in o.match.basis}
            asked += len(elsewhere)
            for row in elsewhere:  # another agency's account: its name and the basis only
                self.assertIsNone(row.account)
                self.assertEqual(row.names, [])
        self.assertEqual(bases, {"cnic", "phone", "name"})
        self.assertGreater(asked, 0)
