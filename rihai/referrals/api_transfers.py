"""REST API for case transfers. Thin: access → input → one action → output."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.accounts.access import require
from rihai.cases import queries as case_queries
from rihai.core.idempotency import idempotent

from . import actions, transfers
from .serializers import (
    NoteInput,
    TransferAcceptInput,
    TransferApprovalInput,
    TransferCreateInput,
    TransferOutput,
)


def _replay_transfer(request, transfer_id):
    transfer, _side = transfers.access_transfer(request.user, transfer_id)
    actions.log_referral_view(request.user, transfer)
    return Response(TransferOutput(transfer).data, status=status.HTTP_201_CREATED)


class TransferListApi(APIView):
    @extend_schema(operation_id="transfers_list", responses=TransferOutput(many=True))
    def get(self, request):
        require(request.user, "case", "view")
        sent = list(
            transfers.sent_transfers(request.user).select_related("from_agency", "to_agency")[:200]
        )
        incoming = list(
            transfers.incoming_transfers(request.user).select_related("from_agency", "to_agency")[
                :200
            ]
        )
        return Response(TransferOutput(sent + incoming, many=True).data)

    @extend_schema(request=TransferCreateInput, responses={201: TransferOutput})
    @idempotent("referrals-transfer", _replay_transfer)
    def post(self, request):
        require(request.user, "case", "change")
        data = TransferCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        from rihai.accounts.models import Agency

        case = case_queries.access_case(request.user, data.validated_data["case_id"], "change")
        to_agency = Agency.objects.active().filter(pk=data.validated_data["to_agency_id"]).first()
        if to_agency is None:
            raise serializers.ValidationError({"to_agency_id": "No active agency has this id."})
        transfer = actions.do_request_transfer(
            case=case,
            to_agency=to_agency,
            reason=data.validated_data["reason"],
            acting_user=request.user,
        )
        return Response(TransferOutput(transfer).data, status=status.HTTP_201_CREATED)


class TransferDetailApi(APIView):
    @extend_schema(responses=TransferOutput)
    def get(self, request, transfer_id):
        transfer, _side = transfers.access_transfer(request.user, transfer_id)
        actions.log_referral_view(request.user, transfer)
        return Response(TransferOutput(transfer).data)


def _decision_api(run, input_class, *, doc: str):
    class DecisionApi(APIView):
        @extend_schema(request=input_class, responses=TransferOutput, description=doc)
        def post(self, request, transfer_id):
            transfer, _side = transfers.access_transfer(request.user, transfer_id)
            data = input_class(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
            if "assigned_to_id" in values:
                from rihai.accounts.models import User

                values["assigned_to"] = User.objects.filter(
                    pk=values.pop("assigned_to_id"), agency_id=request.user.agency_id
                ).first()
                if values["assigned_to"] is None:
                    raise serializers.ValidationError({"assigned_to_id": "Not of your agency."})
            transfer = run(transfer=transfer, acting_user=request.user, **values)
            return Response(TransferOutput(transfer).data)

    DecisionApi.__name__ = DecisionApi.__qualname__ = f"{run.__name__[3:].title()}Api"
    return DecisionApi


ApproveApi = _decision_api(
    actions.do_approve_transfer, TransferApprovalInput, doc="Sending supervisor."
)
AcceptApi = _decision_api(
    actions.do_accept_transfer, TransferAcceptInput, doc="Receiving supervisor."
)
DeclineApi = _decision_api(actions.do_decline_transfer, NoteInput, doc="Receiving supervisor.")
CancelApi = _decision_api(actions.do_cancel_transfer, NoteInput, doc="The sending agency.")
