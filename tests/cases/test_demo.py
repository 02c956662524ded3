import random
from collections import Counter
from io import StringIO

from django.test import TestCase

from rihai.accounts import demo as accounts_demo
from rihai.audit.chain import verify_chain
from rihai.cases import demo
from rihai.cases.models import Case, Person, ScreeningAssessment, StatusChange


class CasesDemoTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        accounts_demo.seed()

    def test_seed_makes_fictional_cases_across_provinces_and_is_idempotent(self):
        counts = demo.seed(stdout=StringIO(), rng=random.Random(7), count=40)
        self.assertGreaterEqual(counts["cases"], 40)
        self.assertEqual(Case.objects.count(), counts["cases"])
        provinces = Counter(Case.objects.values_list("agency__province__iso_code", flat=True))
        self.assertGreaterEqual(len(provinces), 3)
        self.assertEqual(provinces.most_common(1)[0][0], "PK-PB")  # by population
        for person in Person.objects.all():
            self.assertIn("Demo", person.name_roman or "Demo")
            if person.cnic:
                self.assertTrue(person.cnic.startswith("99999-"))
            if person.phone:
                self.assertTrue(person.phone.startswith("0300-0000"))
        statuses = set(Case.objects.values_list("status", flat=True))
        self.assertGreaterEqual(len(statuses), 4)
        # Identification went through a supervisor, and screened cases have an assessment.
        for change in StatusChange.objects.filter(to_status="identified"):
            self.assertNotEqual(change.decided_by_id, None)
        self.assertTrue(ScreeningAssessment.objects.exists())
        self.assertIsNone(verify_chain())

        again = demo.seed(stdout=StringIO(), rng=random.Random(7), count=40)
        self.assertEqual(again["cases"], 0)
        self.assertEqual(Case.objects.count(), counts["cases"])
