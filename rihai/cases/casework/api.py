"""REST API for the case work: access function -> input -> one action -> output."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.accounts.access import RecordNotFound
from rihai.core.idempotency import idempotent

from .. import casework_queries as cq
from .. import queries
from ..actions import casework as ca
from ..actions import log_personal_data_view
from ..models import CaseFlag, CaseTask
from . import files
from .serializers import (
    CaseDocumentInput,
    CaseDocumentOutput,
    CaseFlagInput,
    CaseFlagLiftInput,
    CaseFlagOutput,
    CaseHistoryOutput,
    CaseNoteInput,
    CaseNoteOutput,
    CaseTaskDoneInput,
    CaseTaskInput,
    CaseTaskOutput,
)


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _replayed(request, records, record_id, output):
    """A case work record made by an earlier request with the same Idempotency-Key, out of
    ``records`` (what the user may see of the case): shown again (201), audited as a view."""
    record = records.filter(pk=record_id).first()
    if record is None:
        raise RecordNotFound
    log_personal_data_view(request.user, record)
    return Response(output(record).data, status=status.HTTP_201_CREATED)


def _replay_note(request, note_id, case_id):
    case = queries.access_case(request.user, case_id)
    return _replayed(request, cq.case_notes(request.user, case), note_id, CaseNoteOutput)


def _replay_document(request, document_id, case_id):
    case = queries.access_case(request.user, case_id)
    documents = cq.case_documents(request.user, case)
    return _replayed(request, documents, document_id, CaseDocumentOutput)


def _replay_task(request, task_id, case_id):
    case = queries.access_case(request.user, case_id)
    return _replayed(request, cq.case_tasks(request.user, case), task_id, CaseTaskOutput)


def _replay_flag(request, flag_id, case_id):
    case = queries.access_case(request.user, case_id)
    return _replayed(request, cq.case_flags(request.user, case), flag_id, CaseFlagOutput)


class NotesApi(APIView):
    @extend_schema(responses=CaseNoteOutput(many=True))
    def get(self, request, case_id):
        case = queries.access_case(request.user, case_id)
        return Response(CaseNoteOutput(cq.case_notes(request.user, case), many=True).data)

    @extend_schema(request=CaseNoteInput, responses={201: CaseNoteOutput})
    @idempotent("case-note", _replay_note)
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        note = ca.do_add_note(
            case=case, acting_user=request.user, **_valid(CaseNoteInput, request.data)
        )
        return Response(CaseNoteOutput(note).data, status=status.HTTP_201_CREATED)


class DocumentsApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=CaseDocumentOutput(many=True))
    def get(self, request, case_id):
        case = queries.access_case(request.user, case_id)
        return Response(CaseDocumentOutput(cq.case_documents(request.user, case), many=True).data)

    @extend_schema(
        request={"multipart/form-data": CaseDocumentInput}, responses={201: CaseDocumentOutput}
    )
    @idempotent("case-document", _replay_document)
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        values = _valid(CaseDocumentInput, request.data)
        upload = values["file"]
        if upload.size > files.max_bytes():  # refused before it is read into memory
            raise files.too_large()
        document = ca.do_add_document(
            case=case, title=values["title"], data=upload.read(), acting_user=request.user
        )
        return Response(CaseDocumentOutput(document).data, status=status.HTTP_201_CREATED)


class DocumentFileApi(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, case_id, document_id):
        document = cq.access_document(request.user, case_id, document_id)
        response = HttpResponse(
            ca.read_document(request.user, document), content_type=document.content_type
        )
        name = f"document-{document.public_id[:8]}.{files.EXTENSIONS[document.content_type]}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "no-store, private"
        return response


class TasksApi(APIView):
    @extend_schema(responses=CaseTaskOutput(many=True))
    def get(self, request, case_id):
        case = queries.access_case(request.user, case_id)
        return Response(CaseTaskOutput(cq.case_tasks(request.user, case), many=True).data)

    @extend_schema(request=CaseTaskInput, responses={201: CaseTaskOutput})
    @idempotent("case-task", _replay_task)
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        task = ca.do_add_task(
            case=case, acting_user=request.user, **_valid(CaseTaskInput, request.data)
        )
        return Response(CaseTaskOutput(task).data, status=status.HTTP_201_CREATED)


class TaskDoneApi(APIView):
    @extend_schema(request=CaseTaskDoneInput, responses=CaseTaskOutput)
    def post(self, request, case_id, task_id):
        task = cq.record_of_case(CaseTask, request.user, case_id, task_id, "change")
        done = _valid(CaseTaskDoneInput, request.data)["done"]
        return Response(
            CaseTaskOutput(ca.do_set_task_done(task=task, done=done, acting_user=request.user)).data
        )


class FlagsApi(APIView):
    @extend_schema(responses=CaseFlagOutput(many=True))
    def get(self, request, case_id):
        case = queries.access_case(request.user, case_id)
        return Response(CaseFlagOutput(cq.case_flags(request.user, case), many=True).data)

    @extend_schema(request=CaseFlagInput, responses={201: CaseFlagOutput})
    @idempotent("case-flag", _replay_flag)
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        flag = ca.do_raise_flag(
            case=case, acting_user=request.user, **_valid(CaseFlagInput, request.data)
        )
        return Response(CaseFlagOutput(flag).data, status=status.HTTP_201_CREATED)


class FlagLiftApi(APIView):
    @extend_schema(request=CaseFlagLiftInput, responses=CaseFlagOutput)
    def post(self, request, case_id, flag_id):
        flag = cq.record_of_case(CaseFlag, request.user, case_id, flag_id, "change")
        reason = _valid(CaseFlagLiftInput, request.data)["reason"]
        return Response(
            CaseFlagOutput(ca.do_lift_flag(flag=flag, reason=reason, acting_user=request.user)).data
        )


class HistoryApi(APIView):
    @extend_schema(responses=CaseHistoryOutput(many=True))
    def get(self, request, case_id):
        case = queries.access_case(request.user, case_id)
        return Response(CaseHistoryOutput(cq.case_history(request.user, case), many=True).data)
