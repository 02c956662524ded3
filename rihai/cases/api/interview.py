"""Identification screening (the questions and the answers) and consent on a case."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.accounts.access import RecordNotFound
from rihai.core.idempotency import idempotent

from .. import actions, queries
from ..identification import CURRENT_VERSION
from ..models import Consent, ScreeningAssessment
from ..serializers import (
    AssessmentOutput,
    ConsentInput,
    ConsentOutput,
    ScreeningInput,
)
from ._common import replayed_record


def _replay_screening(request, assessment_id, case_id):
    return replayed_record(request, case_id, ScreeningAssessment, assessment_id, AssessmentOutput)


def _replay_consent(request, consent_id, case_id):
    return replayed_record(request, case_id, Consent, consent_id, ConsentOutput)


class ScreeningApi(APIView):
    @extend_schema(request=ScreeningInput, responses={201: AssessmentOutput})
    @idempotent("case-screening", _replay_screening)
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = ScreeningInput(data=request.data)
        data.is_valid(raise_exception=True)
        member = (
            case.members.select_related("person")
            .filter(person_id=data.validated_data["person_id"])
            .first()
        )
        if member is None:
            raise serializers.ValidationError({"person_id": "This person is not in the case."})
        try:
            assessment = actions.do_record_screening(
                case=case,
                person=member.person,
                answers=data.validated_data["answers"],
                acting_user=request.user,
                version=data.validated_data.get("version") or CURRENT_VERSION,
            )
        except LookupError:
            raise serializers.ValidationError({"version": "Unknown screening version."}) from None
        return Response(AssessmentOutput(assessment).data, status=status.HTTP_201_CREATED)


class ScreeningQuestionsApi(APIView):
    """The questions of one version of the screening (or ``current``), in English and Urdu."""

    @extend_schema(responses=dict)
    def get(self, request, version):
        from ..identification import load_ruleset

        if version == "current":
            version = CURRENT_VERSION
        try:
            ruleset = load_ruleset(version)
        except LookupError:
            raise RecordNotFound from None
        return Response(
            {
                "version": ruleset.version,
                "dimensions": [
                    {
                        "id": d.id,
                        "stage": d.stage,
                        "en": d.en,
                        "ur": d.ur,
                        "indicators": [
                            {"id": i.id, "en": i.en, "ur": i.ur, "adult": i.adult, "child": i.child}
                            for i in d.indicators
                        ],
                    }
                    for d in ruleset.dimensions
                ],
                "ptpa": ruleset.ptpa,
                "psma": list(ruleset.psma),
            }
        )


class ConsentApi(APIView):
    @extend_schema(request=ConsentInput, responses={201: ConsentOutput})
    @idempotent("case-consent", _replay_consent)
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = ConsentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = queries.access_person(request.user, values.pop("person_id"))
        consent = actions.do_record_consent(
            case=case, person=person, acting_user=request.user, **values
        )
        return Response(ConsentOutput(consent).data, status=status.HTTP_201_CREATED)


class ConsentRevokeApi(APIView):
    @extend_schema(request=None, responses=ConsentOutput)
    def post(self, request, case_id, consent_id):
        case = queries.access_case(request.user, case_id, "change")
        consent = queries.record_of_case(Consent, case, consent_id)
        return Response(
            ConsentOutput(actions.do_revoke_consent(consent=consent, acting_user=request.user)).data
        )
