"""Recording an identification screening (ILO indicators, PTPA 2018) on a case."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rihai.accounts.models import User
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.core.actions import action

from .. import queries, steps
from ..identification import CURRENT_VERSION, evaluate
from ..models import Case, CaseMember, Person, ScreeningAssessment
from ..resources import Resource


@action
def do_record_screening(
    *,
    case: Case,
    person: Person,
    answers: dict,
    acting_user: User,
    version: str = CURRENT_VERSION,
    exploitation_kind: str = "labour",
) -> ScreeningAssessment:
    """Stores the answers and the engine's recommendation; the status is a person's decision."""
    steps.require_grant(acting_user, "create", Resource.SCREENING)
    case = queries.lock_case(acting_user, case, "change")
    if not CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": _("This person is not in the case.")})
    person = Person.objects.get(pk=person.pk)
    # An unknown age is screened as a child's: the safer reading (PTPA s.7).
    is_child = person.age is None or person.is_child
    result = evaluate(answers, is_child=is_child, version=version)
    # No answer at all is not "indicators insufficient": nobody asked. A page sends every
    # question as "no" only when the worker says the person described none of them.
    if not answers:
        raise ValidationError(
            _("The interview is empty: answer the questions, or say that none applies.")
        )
    # No answer at all is not "indicators insufficient": nobody asked. A page sends every
    # question as "no" only when the worker says the person described none of them.
    if not answers:
        raise ValidationError(
            _("The interview is empty: answer the questions, or say that none applies.")
        )
    assessment = ScreeningAssessment.objects.create(
        case=case,
        person=person,
        rules_version=version,
        is_child=is_child,
        exploitation_kind=exploitation_kind,
        answers={
            k: bool(v) for k, v in answers.items() if v in (True, "yes", "true", "1", 1, "on")
        },
        result=result,
        recommendation=result["recommendation"],
        recorded_by=acting_user,
    )
    record_audit(
        event=AuditEvent.SCREENING_RECORDED,
        acting_user=acting_user,
        obj=case,
        extra={
            "assessment": assessment.pk,
            "recommendation": assessment.recommendation,
            "rules": version,
        },
    )
    return assessment
