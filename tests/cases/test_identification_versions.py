"""A revision of the indicators never changes a past assessment."""

import shutil
import tempfile
from pathlib import Path
from unittest import mock

from rihai.cases import actions
from rihai.cases.identification import CURRENT_VERSION, engine
from rihai.cases.identification.explain import describe
from rihai.cases.models import ScreeningAssessment

from .helpers import CaseTestCase

ANSWERS = {
    "d1.nature": True,
    "d1.wages": True,
    "d4.hours": True,
    "d4.low_pay": True,
    "d5.documents": True,
    "d5.violence": True,
}


class RulesVersioningTest(CaseTestCase):
    def setUp(self):
        # A revised set beside version 1: "deceived about the job" drops from strong to weak.
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        original = engine.DATA_DIR / "screening-v1.toml"
        shutil.copy(original, self.folder / "screening-v1.toml")
        revised = (
            original.read_text("utf-8")
            .replace(f'version = "{CURRENT_VERSION}"', 'version = "test-revision-2"')
            .replace('id = "d1.nature", w = ["S", "S"]', 'id = "d1.nature", w = ["W", "W"]')
        )
        (self.folder / "screening-v2.toml").write_text(revised, "utf-8")
        patcher = mock.patch.object(engine, "DATA_DIR", self.folder)
        patcher.start()
        self.addCleanup(patcher.stop)
        engine.load_ruleset.cache_clear()
        self.addCleanup(engine.load_ruleset.cache_clear)

    def test_old_assessment_keeps_its_version_and_result(self):
        self.assertEqual(engine.available_versions(), [CURRENT_VERSION, "test-revision-2"])
        case = self.case()
        person = case.members.get().person
        old = actions.do_record_screening(
            case=case, person=person, answers=ANSWERS, acting_user=self.fia_case_worker
        )
        stored_result = ScreeningAssessment.objects.get(pk=old.pk).result
        new = actions.do_record_screening(
            case=case,
            person=person,
            answers=ANSWERS,
            acting_user=self.fia_case_worker,
            version="test-revision-2",
        )
        # The revision changes the reading of the same answers...
        self.assertTrue(old.result["dimensions"]["d1"]["positive"])
        self.assertFalse(new.result["dimensions"]["d1"]["positive"])
        self.assertEqual(new.rules_version, "test-revision-2")
        # ...but the old assessment, read again, is exactly what was recorded.
        again = ScreeningAssessment.objects.get(pk=old.pk)
        self.assertEqual(
            (again.rules_version, again.recommendation, again.result),
            (CURRENT_VERSION, "presumed-victim", stored_result),
        )
        # And its reasons are still worded from its own version's labels.
        texts = [describe(r, version=again.rules_version) for r in again.result["reasons"]]
        self.assertTrue(any("Deceptive recruitment" in t for t in texts))
