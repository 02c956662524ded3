"""The status workflow: requesting a change and deciding it (four eyes), also through the
fallback queue when no supervisor is free."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.accounts.access import RecordNotFound, require
from rihai.core.idempotency import idempotent

from .. import actions, queries
from ..models import StatusChange
from ..resources import Resource
from ..serializers import (
    DecisionInput,
    FallbackRequestOutput,
    StatusChangeInput,
    StatusChangeOutput,
)
from ._common import replayed_record


def _replay_status_change(request, change_id, case_id):
    return replayed_record(request, case_id, StatusChange, change_id, StatusChangeOutput)


class CaseStatusApi(APIView):
    @extend_schema(request=StatusChangeInput, responses={201: StatusChangeOutput})
    @idempotent("case-status-change", _replay_status_change)
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = StatusChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        change = actions.do_request_status_change(
            case=case, acting_user=request.user, **data.validated_data
        )
        return Response(StatusChangeOutput(change).data, status=status.HTTP_201_CREATED)


class StatusDecisionApi(APIView):
    @extend_schema(request=DecisionInput, responses=StatusChangeOutput)
    def post(self, request, case_id, change_id):
        case = queries.access_case(request.user, case_id, "approve")
        change = queries.record_of_case(StatusChange, case, change_id)
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        change = actions.do_decide_status_change(
            change=change,
            approve=data.validated_data["approve"],
            reason=data.validated_data["reason"],
            acting_user=request.user,
        )
        return Response(StatusChangeOutput(change).data)


class FallbackRequestsApi(APIView):
    """Requests a supervisor may decide for another agency of the province that has no second
    approver: the request only (reference, from, to, when), never the case's personal data."""

    @extend_schema(responses=FallbackRequestOutput(many=True))
    def get(self, request):
        require(request.user, Resource.CASE, "approve")
        requests = queries.fallback_requests(request.user).order_by("requested_on", "id")[:100]
        return Response(FallbackRequestOutput(requests, many=True).data)


class FallbackDecisionApi(APIView):
    @extend_schema(request=DecisionInput, responses=FallbackRequestOutput)
    def post(self, request, change_id):
        require(request.user, Resource.CASE, "approve")
        change = queries.fallback_requests(request.user).filter(pk=change_id).first()
        if change is None:
            raise RecordNotFound
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        change = actions.do_decide_status_change(
            change=change,
            approve=data.validated_data["approve"],
            reason=data.validated_data["reason"],
            acting_user=request.user,
        )
        return Response(FallbackRequestOutput(change).data)
