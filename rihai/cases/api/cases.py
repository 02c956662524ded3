"""Cases: the list (and registering a person with a case), one case, its assignment,
family and restriction."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.accounts.access import require
from rihai.core import idempotency
from rihai.core.idempotency import IDEMPOTENCY_KEY

from .. import actions, queries, versions
from ..choices import RestrictionReason
from ..resources import Resource
from ..serializers import (
    CaseCreateInput,
    CaseDetailOutput,
    CaseFactsInput,
    CaseListOutput,
    PersonInput,
    RecordIdField,
)
from ._common import (
    CaseFilterInput,
    CaseListPage,
    CasePagination,
    case_filters,
    created_case,
    load_case,
)
from .conflicts import (
    CONFLICT_RESPONSES,
    EDIT_RESPONSES,
    IF_MATCH,
    answer_conflicts,
)


class CaseListApi(APIView):
    """Cases the user may see, newest first, filtered; each page of names is audited."""

    @extend_schema(operation_id="cases_list", parameters=[CaseFilterInput], responses=CaseListPage)
    def get(self, request):
        # Refused, not an empty list: a role without case access has no business here (and
        # the page refuses it the same way).
        require(request.user, Resource.CASE, "view")
        qs = queries.case_list(
            request.user, filters=case_filters(request.query_params, request.user)
        )
        paginator = CasePagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        actions.log_personal_data_view(request.user, "cases.case", listed_ids=[c.pk for c in page])
        return paginator.get_paginated_response(CaseListOutput(page, many=True).data)

    @extend_schema(
        request=CaseCreateInput,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: CaseDetailOutput, **CONFLICT_RESPONSES},
    )
    @answer_conflicts
    def post(self, request):
        require(request.user, Resource.CASE, "create")  # refuse before reading the input
        data = CaseCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person_data = values.pop("person", None)
        person_id = values.pop("person_id", None)
        family = [
            (queries.access_person(request.user, f["person_id"]), f["relation"])
            for f in values.pop("family", [])
        ]
        if person_data:
            # One action: a case that cannot open leaves no person behind.
            person_input = PersonInput(data=request.data["person"])
            person_input.is_valid(raise_exception=True)

            def create():
                return actions.do_register_person_and_open_case(
                    acting_user=request.user,
                    person_fields=person_input.to_action_kwargs(),
                    duplicate_acknowledged=person_input.acknowledged,
                    family=family,
                    **values,
                )
        else:
            person = queries.access_person(request.user, person_id)

            def create():
                return actions.do_open_case(
                    acting_user=request.user, person=person, family=family, **values
                )

        return idempotency.create_once(request, "cases-create", create, self.answer)

    @staticmethod
    def answer(request, case_id, replayed):
        return created_case(request, case_id, replayed)


class CaseDetailApi(APIView):
    @extend_schema(responses=CaseDetailOutput)
    def get(self, request, case_id):
        case = load_case(request.user, case_id)
        actions.log_personal_data_view(request.user, case)
        return Response(CaseDetailOutput(case).data, headers={"ETag": versions.etag(case)})

    @extend_schema(
        request=CaseFactsInput,
        parameters=[IF_MATCH],
        responses={200: CaseDetailOutput, **EDIT_RESPONSES},
    )
    @answer_conflicts
    def patch(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = CaseFactsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        actions.do_update_case_facts(
            case=case,
            acting_user=request.user,
            expected_version=versions.parse_if_match(request.headers.get("If-Match")),
            **data.validated_data,
        )
        case = load_case(request.user, case_id)
        return Response(CaseDetailOutput(case).data, headers={"ETag": versions.etag(case)})


class CaseAssignApi(APIView):
    """Changes the case worker; a female survivor goes to a man only with a supervisor's reason."""

    class CaseAssignInput(serializers.Serializer):
        assigned_to = RecordIdField()
        note = serializers.CharField(max_length=300, required=False, allow_blank=True)

    @extend_schema(request=CaseAssignInput, responses=CaseDetailOutput)
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = self.CaseAssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        actions.do_reassign_case(
            case=case,
            assigned_to=data.validated_data["assigned_to"],
            note=data.validated_data.get("note", ""),
            acting_user=request.user,
        )
        return Response(CaseDetailOutput(load_case(request.user, case_id)).data)


class CaseFamilyApi(APIView):
    """Adds a family member to the case: a registered person (person_id) or a new one (person)."""

    class CaseFamilyInput(serializers.Serializer):
        person_id = RecordIdField(required=False)
        person = PersonInput(required=False)
        relation = serializers.CharField(max_length=40)

        def validate(self, attrs):
            if bool(attrs.get("person_id")) == bool(attrs.get("person")):
                raise serializers.ValidationError(
                    {"person": [_("Give either person_id or a new person.")]}
                )
            return attrs

    @extend_schema(
        request=CaseFamilyInput,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: CaseDetailOutput, **CONFLICT_RESPONSES},
    )
    @answer_conflicts
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = self.CaseFamilyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values.get("person"):
            person_input = PersonInput(data=request.data["person"])
            person_input.is_valid(raise_exception=True)

            def create():  # one action: no orphan person if adding to the case fails
                return actions.do_register_family_member(
                    case=case,
                    person_fields=person_input.to_action_kwargs(),
                    relation=values["relation"],
                    acting_user=request.user,
                    duplicate_acknowledged=person_input.acknowledged,
                )
        else:
            person = queries.access_person(request.user, values["person_id"])

            def create():
                return actions.do_add_family_member(
                    case=case, person=person, relation=values["relation"], acting_user=request.user
                )

        return idempotency.create_once(
            request,
            "case-family",
            create,
            lambda r, _member, replayed: created_case(r, case_id, replayed),
        )


class CaseRestrictionApi(APIView):
    """Restricts a case to named users (and the agency's supervisors), or lifts it."""

    class RestrictionInput(serializers.Serializer):
        restriction = serializers.ChoiceField([("", "—"), *RestrictionReason.choices])
        allowed_users = serializers.ListField(child=RecordIdField(), required=False, default=list)

    @extend_schema(request=RestrictionInput, responses=CaseDetailOutput)
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "approve")
        data = self.RestrictionInput(data=request.data)
        data.is_valid(raise_exception=True)
        actions.do_set_case_restriction(case=case, acting_user=request.user, **data.validated_data)
        return Response(CaseDetailOutput(load_case(request.user, case_id)).data)
