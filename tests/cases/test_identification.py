from django.core.exceptions import ValidationError

from rihai.cases import actions
from rihai.cases.identification import CURRENT_VERSION, evaluate, load_ruleset
from rihai.cases.identification.explain import describe

from .helpers import CaseTestCase

V = CURRENT_VERSION
# An adult deceived about the job, forced to work excessive hours, documents taken at destination.
ADULT_TRAFFICKED = {
    "d1.nature": True,
    "d1.wages": True,
    "d4.hours": True,
    "d4.low_pay": True,
    "d5.documents": True,
    "d5.violence": True,
}


def test_ruleset_has_the_six_ilo_dimensions_with_verified_counts():
    ruleset = load_ruleset(V)
    assert [len(d.indicators) for d in ruleset.dimensions] == [10, 10, 16, 9, 15, 7]


def test_adult_with_all_three_stages_is_presumed_victim():
    result = evaluate(ADULT_TRAFFICKED, is_child=False, version=V)
    assert result["ilo"]["positive"]
    assert result["recommendation"] == "presumed-victim"
    assert {r["dimension"] for r in result["reasons"] if r["code"] == "dimension-positive"} == {
        "d1",
        "d4",
        "d5",
    }


def test_adult_without_destination_coercion_is_not_presumed():
    answers = {k: v for k, v in ADULT_TRAFFICKED.items() if not k.startswith("d5")}
    result = evaluate(answers, is_child=False, version=V)
    assert not result["ilo"]["positive"]
    assert result["recommendation"] == "further-screening"


def test_child_needs_no_means_or_destination_coercion():
    answers = {k: v for k, v in ADULT_TRAFFICKED.items() if not k.startswith("d5")}
    assert evaluate(answers, is_child=True, version=V)["ilo"]["positive"]
    ptpa = {"act.recruited": True, "purpose.labour": True}
    assert evaluate(ptpa, is_child=True, version=V)["ptpa"]["met"]
    assert not evaluate(ptpa, is_child=False, version=V)["ptpa"]["met"]


def test_child_weights_differ():
    # Deceived about education is weak for an adult, strong for a child.
    answers = {"d1.education": True, "d1.wages": True}
    assert not evaluate(answers, is_child=False, version=V)["dimensions"]["d1"]["positive"]
    assert evaluate(answers, is_child=True, version=V)["dimensions"]["d1"]["positive"]


def test_combination_rule():
    three_medium = {"d2.documents": True, "d2.isolation": True, "d2.money": True}
    two_medium = {"d2.documents": True, "d2.isolation": True}
    assert evaluate(three_medium, is_child=False, version=V)["dimensions"]["d2"]["positive"]
    assert not evaluate(two_medium, is_child=False, version=V)["dimensions"]["d2"]["positive"]


def test_smuggling_is_told_apart():
    smuggled = {
        "smuggling.consented": True,
        "smuggling.paid": True,
        "smuggling.irregular": True,
        "smuggling.free_on_arrival": True,
        "act.transported": True,
    }
    assert evaluate(smuggled, is_child=False, version=V)["recommendation"] == "smuggling"
    smuggled_then_exploited = {**smuggled, **ADULT_TRAFFICKED}
    result = evaluate(smuggled_then_exploited, is_child=False, version=V)
    assert result["recommendation"] == "presumed-victim"
    assert any(
        r["code"] == "smuggling-pattern" and r["with_exploitation"] for r in result["reasons"]
    )


def test_nothing_answered_is_insufficient():
    assert evaluate({}, is_child=False, version=V)["recommendation"] == "insufficient"


def test_out_of_range_answers_are_field_errors():
    import pytest

    with pytest.raises(ValidationError) as caught:
        evaluate({"d1.nature": "maybe", "d9.invented": True}, is_child=False, version=V)
    assert set(caught.value.message_dict) == {"d1.nature", "d9.invented"}


def test_every_reason_can_be_described():
    result = evaluate(
        {**ADULT_TRAFFICKED, "smuggling.consented": True, "smuggling.irregular": True},
        is_child=False,
        version=V,
    )
    for reason in result["reasons"]:
        assert describe(reason, version=V) != reason["code"]


class RecordScreeningTest(CaseTestCase):
    def test_assessment_keeps_its_rules_version_and_never_changes_status(self):
        case = self.case()
        person = case.members.get().person
        assessment = actions.do_record_screening(
            case=case, person=person, answers=ADULT_TRAFFICKED, acting_user=self.fia_case_worker
        )
        case.refresh_from_db()
        self.assertEqual(case.status, "screening")  # a person decides, not the engine
        self.assertEqual(
            (assessment.rules_version, assessment.recommendation), (V, "presumed-victim")
        )

    def test_unknown_version_is_refused(self):
        case = self.case()
        with self.assertRaises(LookupError):
            actions.do_record_screening(
                case=case,
                person=case.members.get().person,
                answers={},
                acting_user=self.fia_case_worker,
                version="v0-made-up",
            )

    def test_bad_answer_saves_nothing(self):
        case = self.case()
        with self.assertRaises(ValidationError):
            actions.do_record_screening(
                case=case,
                person=case.members.get().person,
                answers={"d1.nature": 7},
                acting_user=self.fia_case_worker,
            )
        self.assertEqual(case.assessments.count(), 0)
