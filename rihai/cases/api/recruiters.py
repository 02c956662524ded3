"""REST API for survivors' accounts of their recruiters: list and add on one case."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.core.idempotency import idempotent

from .. import actions, queries
from ..actions.recruiters import RECRUITER_FIELDS, do_record_recruiter
from ..models import RecruiterAccount, RecruiterRole
from ..queries_recruiters import recruiters_of_case
from ._common import replayed_record


class RecruiterInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=RecruiterRole.choices)
    name_roman = serializers.CharField(max_length=160, required=False, allow_blank=True)
    name_ur = serializers.CharField(max_length=160, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    cnic = serializers.CharField(max_length=15, required=False, allow_blank=True)
    agency_named = serializers.CharField(max_length=160, required=False, allow_blank=True)
    oep_licence = serializers.CharField(max_length=20, required=False, allow_blank=True)


class RecruiterOutput(serializers.ModelSerializer):
    class Meta:
        model = RecruiterAccount
        fields = ("id", "case", "role", *RECRUITER_FIELDS[1:], "recorded_on")
        read_only_fields = fields


class RecruiterApi(APIView):
    @extend_schema(responses=RecruiterOutput(many=True))
    def get(self, request, case_id):
        case = queries.access_case(request.user, case_id)
        accounts = list(recruiters_of_case(case))
        actions.log_personal_data_view(request.user, case)  # the case's accounts, viewed
        return Response(RecruiterOutput(accounts, many=True).data)

    @extend_schema(request=RecruiterInput, responses={201: RecruiterOutput})
    @idempotent(
        "case-recruiter",
        lambda request, account_id, case_id: replayed_record(
            request, case_id, RecruiterAccount, account_id, RecruiterOutput
        ),
    )
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = RecruiterInput(data=request.data)
        data.is_valid(raise_exception=True)
        account = do_record_recruiter(case=case, acting_user=request.user, **data.validated_data)
        return Response(RecruiterOutput(account).data, status=status.HTTP_201_CREATED)
