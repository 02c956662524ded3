"""Investigation references come from a counter row per agency and year, numbered as
integers: past 99999 they go on (as cases' do), and the first of a year starts from the highest
number already issued."""

from django.utils import timezone

from rihai.justice.models import InvestigationReferenceCounter

from .helpers import JusticeTestCase


class InvestigationReferenceCounterTest(JusticeTestCase):
    def test_numbers_go_past_99999_as_numbers(self):
        year = timezone.localdate().year
        first = self.investigation()
        self.assertEqual(first.reference, f"TFIA-INV-{year}-00001")
        first.reference = f"TFIA-INV-{year}-99999"
        first.save(update_fields=["reference"])
        # As before the counter: the year's numbering starts from the investigations.
        InvestigationReferenceCounter.objects.all().delete()
        after = [self.investigation(complaint_number=f"C-{n}").reference for n in range(2)]
        self.assertEqual(after, [f"TFIA-INV-{year}-100000", f"TFIA-INV-{year}-100001"])
        counter = InvestigationReferenceCounter.objects.get()
        self.assertEqual((counter.agency, counter.year, counter.last), (self.fia, year, 100001))

    def test_each_agency_counts_its_own(self):
        year = timezone.localdate().year
        self.investigation()
        theirs = self.investigation(user=self.ngo_investigator)
        self.assertTrue(theirs.reference.endswith(f"-INV-{year}-00001"), theirs.reference)
        self.assertEqual(InvestigationReferenceCounter.objects.count(), 2)
