"""REST API for investigations. Views are thin: access function → input → one action → output."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.accounts.access import RecordNotFound, require
from rihai.core.idempotency import idempotent

from . import actions, delays, queries
from .linking import matches_for, search
from .models import OffenceVersion
from .resources import Resource
from .serializers import (
    CompensationInput,
    CustodyInput,
    EvidenceInput,
    HearingInput,
    InvestigationCreateInput,
    InvestigationDetailOutput,
    InvestigationListOutput,
    LinkDecisionInput,
    MatchOutput,
    OffenceInput,
    OffenceVersionOutput,
    OutcomeInput,
    OverdueOutput,
    ProtectionInput,
    StageInput,
    SummaryOutput,
    SuspectInput,
    SuspectSearchInput,
    SuspectSearchOutput,
    VictimLinkInput,
    user_by_id,
)


def _valid(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _detail(request, investigation_id, *, status_code=status.HTTP_200_OK):
    investigation = queries.investigation_detail(request.user, investigation_id)
    actions.log_personal_data_view(request.user, investigation)
    return Response(InvestigationDetailOutput(investigation).data, status=status_code)


def _replay_opened(request, investigation_id):
    return _detail(request, investigation_id, status_code=status.HTTP_201_CREATED)


def _replay_write(request, _object_id, investigation_id, **_ids):
    """A retried write on an investigation answers, like the first, with its detail (audited)."""
    return _detail(request, investigation_id)


class InvestigationPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


class InvestigationListApi(APIView):
    @extend_schema(operation_id="investigations_list", responses=InvestigationListOutput(many=True))
    def get(self, request):
        require(request.user, Resource.INVESTIGATION, "view")
        paginator = InvestigationPagination()
        page = paginator.paginate_queryset(
            queries.investigation_list(request.user, stage=request.query_params.get("stage", "")),
            request,
            view=self,
        )
        actions.log_personal_data_view(
            request.user, object_type="justice.investigation", listed_ids=[i.pk for i in page]
        )
        return paginator.get_paginated_response(InvestigationListOutput(page, many=True).data)

    @extend_schema(request=InvestigationCreateInput, responses={201: InvestigationDetailOutput})
    @idempotent("justice-investigation", _replay_opened)
    def post(self, request):
        require(request.user, Resource.INVESTIGATION, "create")
        data = _valid(InvestigationCreateInput, request)
        data["investigating_officer"] = user_by_id(data.get("investigating_officer"))
        investigation = actions.do_open_investigation(acting_user=request.user, **data)
        return _detail(request, investigation.pk, status_code=status.HTTP_201_CREATED)


class InvestigationDetailApi(APIView):
    @extend_schema(responses=InvestigationDetailOutput)
    def get(self, request, investigation_id):
        return _detail(request, investigation_id)


class _InvestigationWriteApi(APIView):
    """POST: check scope for change, validate, run one action, answer with the detail."""

    input_class = None
    access = "change"

    def run(self, request, investigation, data):  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def post(self, request, investigation_id, **ids):
        investigation = queries.access_investigation(request.user, investigation_id, self.access)
        data = _valid(self.input_class, request)
        self.run(request, investigation, data, **ids)
        return _detail(request, investigation.pk)


def _write_schema(input_class):
    return extend_schema(request=input_class, responses=InvestigationDetailOutput)


class StageApi(_InvestigationWriteApi):
    input_class = StageInput

    @_write_schema(StageInput)
    def post(self, request, investigation_id):
        return super().post(request, investigation_id)

    def run(self, request, investigation, data):
        actions.do_record_stage(investigation=investigation, acting_user=request.user, **data)


class OffenceChargeApi(_InvestigationWriteApi):
    input_class = OffenceInput

    @_write_schema(OffenceInput)
    @idempotent("justice-charge", _replay_write)
    def post(self, request, investigation_id):
        return super().post(request, investigation_id)

    def run(self, request, investigation, data):
        actions.do_charge_offence(investigation=investigation, acting_user=request.user, **data)


class VictimLinkApi(_InvestigationWriteApi):
    input_class = VictimLinkInput

    @_write_schema(VictimLinkInput)
    @idempotent("justice-victim-link", _replay_write)
    def post(self, request, investigation_id):
        return super().post(request, investigation_id)

    def run(self, request, investigation, data):
        # An id: the action reads the case through cases' access function (one 404).
        actions.do_link_victim_case(
            investigation=investigation, case=data.pop("case"), acting_user=request.user, **data
        )


class ProtectionApi(_InvestigationWriteApi):
    input_class = ProtectionInput

    @_write_schema(ProtectionInput)
    def post(self, request, investigation_id, link_id):
        return super().post(request, investigation_id, link_id=link_id)

    def run(self, request, investigation, data, link_id):
        link = queries.access_victim_link(request.user, link_id, "change")
        if link.investigation_id != investigation.pk:
            raise RecordNotFound
        actions.do_set_protection_measures(
            link=link, measures=data["protection_measures"], acting_user=request.user
        )


class HearingApi(_InvestigationWriteApi):
    input_class = HearingInput

    @_write_schema(HearingInput)
    @idempotent("justice-hearing", _replay_write)
    def post(self, request, investigation_id):
        return super().post(request, investigation_id)

    def run(self, request, investigation, data):
        actions.do_schedule_hearing(investigation=investigation, acting_user=request.user, **data)


class OutcomeApi(_InvestigationWriteApi):
    input_class = OutcomeInput
    access = "view"  # the action decides between change and approve by the outcome

    @_write_schema(OutcomeInput)
    def post(self, request, investigation_id):
        return super().post(request, investigation_id)

    def run(self, request, investigation, data):
        actions.do_record_outcome(investigation=investigation, acting_user=request.user, **data)


class CompensationApi(_InvestigationWriteApi):
    input_class = CompensationInput

    @_write_schema(CompensationInput)
    def post(self, request, investigation_id):
        return super().post(request, investigation_id)

    def run(self, request, investigation, data):
        actions.do_record_compensation_paid(
            investigation=investigation, acting_user=request.user, **data
        )


class EvidenceApi(_InvestigationWriteApi):
    input_class = EvidenceInput

    @_write_schema(EvidenceInput)
    @idempotent("justice-evidence", _replay_write)
    def post(self, request, investigation_id):
        return super().post(request, investigation_id)

    def run(self, request, investigation, data):
        actions.do_add_evidence(investigation=investigation, acting_user=request.user, **data)


class CustodyApi(_InvestigationWriteApi):
    input_class = CustodyInput

    @_write_schema(CustodyInput)
    @idempotent("justice-custody", _replay_write)
    def post(self, request, investigation_id, evidence_id):
        return super().post(request, investigation_id, evidence_id=evidence_id)

    def run(self, request, investigation, data, evidence_id):
        evidence = queries.access_evidence(request.user, evidence_id, "change")
        if evidence.investigation_id != investigation.pk:
            raise RecordNotFound
        data["holder"] = user_by_id(data.get("holder"))
        actions.do_record_custody(evidence=evidence, acting_user=request.user, **data)


class AccuseSuspectApi(_InvestigationWriteApi):
    input_class = SuspectInput

    @_write_schema(SuspectInput)
    @idempotent("justice-suspect", _replay_write)
    def post(self, request, investigation_id):
        return super().post(request, investigation_id)

    def run(self, request, investigation, data):
        suspect_id = data.pop("suspect", None)
        suspect = queries.access_suspect(request.user, suspect_id, "change") if suspect_id else None
        actions.do_accuse_suspect(
            investigation=investigation, acting_user=request.user, suspect=suspect, **data
        )


def match_rows(user, suspect) -> list[dict]:
    mine, elsewhere = matches_for(user, suspect)
    rows = [
        {
            "suspect": m.suspect.pk,
            "name_roman": m.suspect.display_name,
            "agency": m.agency_name,
            "basis": m.basis,
            "decision": m.decision,
            "ask_this_agency": False,
        }
        for m in mine
    ]
    rows += [
        {
            "suspect": None,
            "name_roman": "",
            "agency": m.agency_name,
            "basis": m.basis,
            "decision": "",
            "ask_this_agency": True,
        }
        for m in elsewhere
    ]
    return rows


class SuspectSearchApi(APIView):
    """Suspects you may see matching a CNIC, phone, licence or name; other agencies by name only."""

    @extend_schema(parameters=[SuspectSearchInput], responses=SuspectSearchOutput)
    def get(self, request):
        require(request.user, Resource.INVESTIGATION, "view")
        data = SuspectSearchInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        mine, elsewhere = search(request.user, data.validated_data["q"])
        actions.log_personal_data_view(
            request.user, object_type="justice.suspect", listed_ids=[s.pk for s in mine]
        )
        return Response(SuspectSearchOutput({"results": mine, "elsewhere": elsewhere}).data)


class SuspectMatchesApi(APIView):
    """Possible same suspects: full rows within your scope, 'ask this agency' elsewhere."""

    @extend_schema(responses=MatchOutput(many=True))
    def get(self, request, suspect_id):
        suspect = queries.access_suspect(request.user, suspect_id)
        rows = match_rows(request.user, suspect)
        actions.log_personal_data_view(request.user, suspect)
        return Response(MatchOutput(rows, many=True).data)

    @extend_schema(request=LinkDecisionInput, responses=MatchOutput(many=True))
    def post(self, request, suspect_id):
        suspect = queries.access_suspect(request.user, suspect_id, "change")
        data = _valid(LinkDecisionInput, request)
        other = queries.access_suspect(request.user, data["other"], "change")
        actions.do_decide_suspect_link(
            suspect=suspect, other=other, decision=data["decision"], acting_user=request.user
        )
        return Response(MatchOutput(match_rows(request.user, suspect), many=True).data)


class OffenceCatalogueApi(APIView):
    """The offences catalogue, every version with its source and verification mark."""

    @extend_schema(responses=OffenceVersionOutput(many=True))
    def get(self, request):
        require(request.user, Resource.OFFENCE, "view")
        versions = OffenceVersion.objects.select_related("offence").order_by(
            "offence__law", "offence__code", "position"
        )
        return Response(OffenceVersionOutput(versions, many=True).data)


class OverdueApi(APIView):
    """Investigations past their stage's time-limit, most overdue first, with the limit's source."""

    @extend_schema(responses=OverdueOutput(many=True))
    def get(self, request):
        require(request.user, Resource.INVESTIGATION, "view")
        items = delays.overdue(request.user)
        actions.log_personal_data_view(
            request.user,
            object_type="justice.investigation",
            listed_ids=[o.investigation.pk for o in items],
        )
        return Response(OverdueOutput(items, many=True).data)


class CaseSummaryApi(APIView):
    """For a case you may see: each linked investigation's stage, next hearing and the
    protection measures to honour. Never evidence, suspects or offences."""

    @extend_schema(responses=SummaryOutput(many=True))
    def get(self, request, case_id):
        rows = queries.case_summaries(request.user, case_id)
        if rows:
            actions.log_personal_data_view(request.user, rows[0]["case"])
        for row in rows:
            row["agency"] = str(row["agency"])
        return Response(SummaryOutput(rows, many=True).data)
