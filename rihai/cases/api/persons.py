"""Persons: registering, changing, the duplicate check, merging and revealing one identifier."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.accounts.access import require
from rihai.core import idempotency
from rihai.core.idempotency import IDEMPOTENCY_KEY

from .. import actions, queries, versions
from ..duplicates import TooManyChecks, check_duplicates
from ..masking import IDENTIFIER_FIELDS
from ..resources import Resource
from ..serializers import (
    MergeInput,
    PersonInput,
    PersonOutput,
)
from .conflicts import (
    CONFLICT_RESPONSES,
    EDIT_RESPONSES,
    IF_MATCH,
    answer_conflicts,
)


class PersonCreateApi(APIView):
    @extend_schema(
        request=PersonInput,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: PersonOutput, **CONFLICT_RESPONSES},
    )
    @answer_conflicts
    def post(self, request):
        require(request.user, Resource.PERSON, "create")  # refuse before reading the input
        data = PersonInput(data=request.data)
        data.is_valid(raise_exception=True)

        def create():
            return actions.do_register_person(
                acting_user=request.user,
                duplicate_acknowledged=data.acknowledged,
                **data.to_action_kwargs(),
            )

        return idempotency.create_once(request, "persons-create", create, self.answer)

    @staticmethod
    def answer(request, person_id, replayed):
        person = queries.access_person(request.user, person_id)
        if replayed:
            actions.log_personal_data_view(request.user, person)
        response = Response(PersonOutput(person).data, status=status.HTTP_201_CREATED)
        response["ETag"] = versions.etag(person)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class PersonDetailApi(APIView):
    @extend_schema(responses=PersonOutput)
    def get(self, request, person_id):
        person = queries.access_person(request.user, person_id)
        actions.log_personal_data_view(request.user, person)
        return Response(PersonOutput(person).data, headers={"ETag": versions.etag(person)})

    @extend_schema(
        request=PersonInput, parameters=[IF_MATCH], responses={200: PersonOutput, **EDIT_RESPONSES}
    )
    @answer_conflicts
    def patch(self, request, person_id):
        person = queries.access_person(request.user, person_id, "change")
        data = PersonInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        person = actions.do_update_person(
            person=person,
            acting_user=request.user,
            expected_version=versions.parse_if_match(request.headers.get("If-Match")),
            duplicate_acknowledged=data.acknowledged,
            **data.to_action_kwargs(),
        )
        return Response(PersonOutput(person).data, headers={"ETag": versions.etag(person)})


class DuplicateCheckApi(APIView):
    """Likely existing records for a person about to be registered (nothing is saved)."""

    @extend_schema(request=PersonInput, responses=dict)
    def post(self, request):
        # Only those who register people may ask: even "a match exists at agency X" is personal
        # data (it confirms that someone with this CNIC or phone is known to the system).
        require(request.user, Resource.PERSON, "create")
        data = PersonInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            report = check_duplicates(request.user, data.to_action_kwargs())
        except TooManyChecks:
            return Response(
                {"detail": _("Too many duplicate checks this hour; try again later.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        return Response(report.to_dict())


class PersonMergeApi(APIView):
    @extend_schema(request=MergeInput, responses=PersonOutput)
    def post(self, request, person_id):
        survivor = queries.access_person(request.user, person_id, "change")
        data = MergeInput(data=request.data)
        data.is_valid(raise_exception=True)
        duplicate = queries.access_person(
            request.user, data.validated_data["duplicate_id"], "change"
        )
        return Response(
            PersonOutput(
                actions.do_merge_persons(
                    survivor=survivor, duplicate=duplicate, acting_user=request.user
                )
            ).data
        )


class PersonRevealApi(APIView):
    """Shows one full identifier of a person, once; audited (``do_reveal_identifier``)."""

    class RevealInput(serializers.Serializer):
        field = serializers.ChoiceField(IDENTIFIER_FIELDS)

    @extend_schema(request=RevealInput, responses=dict)
    def post(self, request, person_id):
        person = queries.access_person(request.user, person_id)
        data = self.RevealInput(data=request.data)
        data.is_valid(raise_exception=True)
        field = data.validated_data["field"]
        value = actions.do_reveal_identifier(person=person, field=field, acting_user=request.user)
        response = Response({"field": field, "value": value})
        response["Cache-Control"] = "no-store"
        return response
