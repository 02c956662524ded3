"""The demo's case work: notes, documents, tasks and flags on a good share of the demo cases,
made through the actions (each with its audit row), fictional and marked Demo."""

import random
from io import StringIO

from django.test import TestCase

from rihai.accounts import demo as accounts_demo
from rihai.audit.chain import verify_chain
from rihai.audit.models import AuditLog
from rihai.cases import demo
from rihai.cases.casework import files
from rihai.cases.models import Case, CaseDocument, CaseFlag, CaseNote, CaseTask


class CaseworkDemoTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        accounts_demo.seed()

    def test_a_good_share_of_demo_cases_has_case_work(self):
        counts = demo.seed(stdout=StringIO(), rng=random.Random(7), count=30)
        cases = Case.objects.count()
        for model, share in (
            (CaseNote, 0.5),
            (CaseTask, 0.3),
            (CaseDocument, 0.2),
            (CaseFlag, 0.15),
        ):
            with_it = model.objects.values("case").distinct().count()
            self.assertGreaterEqual(with_it / cases, share, model.__name__)
        self.assertTrue(all("Demo" in n.text for n in CaseNote.objects.all()))
        self.assertTrue(CaseNote.objects.filter(confidential=True).exists())
        self.assertTrue(CaseFlag.objects.filter(lifted_on__isnull=False).exists())
        for document in CaseDocument.objects.all():
            data = files.decrypt(document.file_key, document.ciphertext)
            self.assertEqual(files.sniff(data), document.content_type)
        self.assertEqual(
            AuditLog.objects.filter(event="note-added").count(), CaseNote.objects.count()
        )
        self.assertEqual(counts["notes"], CaseNote.objects.count())
        self.assertIsNone(verify_chain())
