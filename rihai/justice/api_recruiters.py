"""API: a suspect's matches in survivors' accounts of recruiters, and an accused's status."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.accounts.access import RecordNotFound

from . import actions, queries
from .api import _valid
from .choices import AccusedStatus, LinkDecision
from .linking_recruiters import recruiter_matches_for
from .models import Accused


class RecruiterMatchOutput(serializers.Serializer):
    ask_this_agency = serializers.BooleanField()
    agency = serializers.CharField()
    basis = serializers.ListField(child=serializers.CharField())
    account = serializers.IntegerField(allow_null=True)
    case = serializers.IntegerField(allow_null=True, help_text="only within your scope")
    case_reference = serializers.CharField(allow_blank=True)
    names = serializers.ListField(child=serializers.CharField())
    decision = serializers.CharField(allow_blank=True)


class RecruiterLinkInput(serializers.Serializer):
    account = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    decision = serializers.ChoiceField(LinkDecision.choices)


class AccusedStatusInput(serializers.Serializer):
    status = serializers.ChoiceField([c for c in AccusedStatus.choices if c[0] != "named"])
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AccusedStatusOutput(serializers.Serializer):
    id = serializers.IntegerField()
    suspect = serializers.IntegerField(source="suspect_id")
    status = serializers.CharField()
    status_since = serializers.DateField(allow_null=True)


def recruiter_rows(user, suspect) -> list[dict]:
    mine, elsewhere = recruiter_matches_for(user, suspect)
    rows = [
        {
            "ask_this_agency": False,
            "agency": o.match.agency_name,
            "basis": o.match.basis,
            "account": o.match.account.pk,
            "case": o.match.case_id,
            "case_reference": o.match.case_reference,
            "names": o.match.names,
            "decision": o.decision,
        }
        for o in mine
    ]
    rows += [
        {
            "ask_this_agency": True,
            "agency": m.agency_name,
            "basis": m.basis,
            "account": None,
            "case": None,
            "case_reference": "",
            "names": [],
            "decision": "",
        }
        for m in elsewhere
    ]
    return rows


class SuspectRecruiterMatchesApi(APIView):
    """Survivors' accounts naming this suspect: the case within your scope; elsewhere only
    'a link exists — ask this agency'."""

    @extend_schema(responses=RecruiterMatchOutput(many=True))
    def get(self, request, suspect_id):
        suspect = queries.access_suspect(request.user, suspect_id)
        rows = recruiter_rows(request.user, suspect)
        actions.log_personal_data_view(request.user, suspect)
        shown = [r["account"] for r in rows if r["account"]]
        if shown:  # survivors' accounts shown by name: their own audit row
            actions.log_personal_data_view(
                request.user, object_type="cases.recruiteraccount", listed_ids=shown
            )
        return Response(RecruiterMatchOutput(rows, many=True).data)

    @extend_schema(request=RecruiterLinkInput, responses=RecruiterMatchOutput(many=True))
    def post(self, request, suspect_id):
        suspect = queries.access_suspect(request.user, suspect_id, "change")
        data = _valid(RecruiterLinkInput, request)
        actions.do_decide_recruiter_link(
            suspect=suspect,
            account_id=data["account"],
            decision=data["decision"],
            acting_user=request.user,
        )
        return Response(RecruiterMatchOutput(recruiter_rows(request.user, suspect), many=True).data)


class AccusedStatusApi(APIView):
    @extend_schema(request=AccusedStatusInput, responses=AccusedStatusOutput)
    def post(self, request, investigation_id, accused_id):
        investigation = queries.access_investigation(request.user, investigation_id, "change")
        try:
            accused = Accused.objects.get(investigation=investigation, pk=accused_id)
        except (Accused.DoesNotExist, ValueError):
            raise RecordNotFound from None
        data = _valid(AccusedStatusInput, request)
        accused = actions.do_record_accused_status(
            accused=accused, acting_user=request.user, **data
        )
        return Response(AccusedStatusOutput(accused).data)
