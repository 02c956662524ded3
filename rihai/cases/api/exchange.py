"""Exporting and importing one case as an HTCDS document."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from rihai.accounts.access import require
from rihai.core import idempotency
from rihai.core.idempotency import IDEMPOTENCY_KEY

from .. import actions, htcds_import, queries
from ..packages import export_response
from ..resources import Resource
from ..serializers import CaseDetailOutput, ExportInput
from ._common import created_case
from .conflicts import CONFLICT_RESPONSES, answer_conflicts


class CaseHtcdsExportApi(APIView):
    """The case as an HTCDS 2.0 document for a purpose (and a recipient agency): every person
    passes the consent gate; the document carries only what the purpose needs; with a
    passphrase it comes sealed in an encrypted package. Needs the export grant; audited."""

    @extend_schema(request=ExportInput, responses={(200, "application/json"): dict})
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "export")
        data = ExportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        passphrase = values.pop("passphrase", "")
        document = actions.do_export_htcds_case(case=case, acting_user=request.user, **values)
        return export_response(case, document, passphrase)


class CaseHtcdsImportInput(serializers.Serializer):
    document = serializers.JSONField(help_text="An HTCDS 2.0 case document, e.g. from export.")


class CaseHtcdsImportApi(APIView):
    """Opens a case at the user's agency from an HTCDS 2.0 document; all or nothing."""

    @extend_schema(
        request=CaseHtcdsImportInput,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: CaseDetailOutput, **CONFLICT_RESPONSES},
    )
    @answer_conflicts
    def post(self, request):
        require(request.user, Resource.CASE, "create")  # refuse before reading the input
        data = CaseHtcdsImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        return idempotency.create_once(
            request,
            "cases-import",
            lambda: htcds_import.import_case(
                data.validated_data["document"], acting_user=request.user
            ),
            created_case,
        )
