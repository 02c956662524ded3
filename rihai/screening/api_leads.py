"""REST API for taking a lead into an investigation (the page's twin; thin)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.core.idempotency import idempotent
from rihai.justice import queries as justice_queries
from rihai.justice.actions import do_open_inquiry_from_lead

from . import queries


class LeadTakeInput(serializers.Serializer):
    investigation = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="An open investigation of your agency to attach to; omit for a new inquiry.",
    )


class LeadTakeOutput(serializers.Serializer):
    lead = serializers.IntegerField()
    investigation = serializers.IntegerField()
    reference = serializers.CharField()
    stage = serializers.CharField()


def _taken(lead_id, investigation):
    return Response(
        {
            "lead": lead_id,
            "investigation": investigation.pk,
            "reference": investigation.reference,
            "stage": investigation.stage,
        },
        status=status.HTTP_201_CREATED,
    )


def _replay_take(request, investigation_id, lead_id):
    # A reference and a stage: no personal data shown, so no view to audit.
    queries.access_lead(request.user, lead_id)
    return _taken(lead_id, justice_queries.access_investigation(request.user, investigation_id))


class LeadTakeApi(APIView):
    @extend_schema(request=LeadTakeInput, responses={201: LeadTakeOutput})
    @idempotent("screening-lead-take", _replay_take)
    def post(self, request, lead_id):
        lead = queries.access_lead(request.user, lead_id)
        data = LeadTakeInput(data=request.data)
        data.is_valid(raise_exception=True)
        investigation = None
        if data.validated_data.get("investigation"):
            investigation = justice_queries.access_investigation(
                request.user, data.validated_data["investigation"], "change"
            )
        made = do_open_inquiry_from_lead(
            lead=lead, investigation=investigation, acting_user=request.user
        )
        return _taken(lead.pk, made)
