"""REST API for taking a lead into an investigation (the page's twin; thin)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

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


class LeadTakeApi(APIView):
    @extend_schema(request=LeadTakeInput, responses={201: LeadTakeOutput})
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
        return Response(
            {
                "lead": lead.pk,
                "investigation": made.pk,
                "reference": made.reference,
                "stage": made.stage,
            },
            status=status.HTTP_201_CREATED,
        )
