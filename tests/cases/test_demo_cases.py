"""``manage.py seed_demo`` end to end: the accounts demo, then 300 demo cases."""

from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from rihai.audit.chain import verify_chain
from rihai.audit.models import AuditLog
from rihai.cases.models import Case, CaseMember, Consent, Person, ScreeningAssessment


@override_settings(DEBUG=True)
class SeedDemoCasesTest(TestCase):
    def test_seed_demo_makes_cases_across_provinces_once(self):
        call_command("seed_demo", stdout=StringIO())

        cases = Case.objects.all()
        self.assertGreaterEqual(cases.count(), 300)
        provinces = Counter(cases.values_list("province__iso_code", flat=True))
        self.assertGreaterEqual(len(provinces), 5, provinces)
        self.assertEqual(provinces.most_common(1)[0][0], "PK-PB")
        # Mostly women and girls among the primary survivors.
        sexes = Counter(
            CaseMember.objects.filter(role="primary").values_list("person__sex", flat=True)
        )
        self.assertGreater(sexes["female"], sexes["male"])
        # Bonded labour mostly in Punjab and Sindh; some cases cross a border.
        bonded = Counter(
            cases.filter(exploitations__exploitation_type="bonded-labour").values_list(
                "province__iso_code", flat=True
            )
        )
        self.assertGreater(bonded["PK-PB"] + bonded["PK-SD"], sum(bonded.values()) / 2)
        self.assertTrue(cases.filter(is_transnational=True).exists())
        self.assertTrue(CaseMember.objects.filter(role="family").exists())
        self.assertGreaterEqual(len(set(cases.values_list("status", flat=True))), 5)
        self.assertTrue(ScreeningAssessment.objects.exists())
        self.assertTrue(Consent.objects.exists())
        for person in Person.objects.all():
            self.assertIn("Demo", person.name_roman or person.name_ur.replace("ڈیمو", "Demo"))
            for identifier in (person.cnic, person.bform):
                self.assertTrue(not identifier or identifier.startswith("99999-"), identifier)
        self.assertIsNone(verify_chain())

        counts = (Case.objects.count(), Person.objects.count(), AuditLog.objects.count())
        call_command("seed_demo", stdout=StringIO())
        self.assertEqual(
            (Case.objects.count(), Person.objects.count()), counts[:2], "second run added data"
        )
        self.assertIsNone(verify_chain())
