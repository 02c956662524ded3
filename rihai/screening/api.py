"""REST API for ad screening. Views are thin: access function → input → one action → output."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.accounts.access import RecordNotFound, require
from rihai.core.idempotency import idempotent
from rihai.core.json_input import JSONParser

from . import actions, queries
from .paging import CappedPagination
from .resources import Resource
from .serializers import (
    AdDecisionInput,
    AdDecisionOutput,
    AdDetailOutput,
    AdListOutput,
    AdQueueFilterInput,
    BatchInput,
    BatchOutput,
    RecruiterVerificationOutput,
    RecruiterVerifyInput,
    RegistryImportInput,
    RegistryImportOutput,
)


class AdPagination(CappedPagination):
    """50 ads a page; ``count`` stops at 10,001 ("more than 10,000", see ``paging.py``)."""


class AdListPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AdListOutput(many=True)


def _replay_batch(request, batch_id):
    batch = queries.access_batch(request.user, batch_id, "create")
    return Response(BatchOutput(batch).data, status=status.HTTP_201_CREATED)


def _replay_decision(request, decision_id, ad_id):
    ad = queries.access_ad(request.user, ad_id, "change")
    decision = ad.decisions.filter(pk=decision_id).first()
    if decision is None:
        raise RecordNotFound
    return Response(AdDecisionOutput(decision).data, status=status.HTTP_201_CREATED)


def _replay_registry_preview(request, import_id):
    made = queries.access_import(request.user, import_id, "change")
    return Response(RegistryImportOutput(made).data, status=status.HTTP_201_CREATED)


class BatchListApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=BatchInput, responses={201: BatchOutput, 200: BatchOutput})
    @idempotent("screening-batch", _replay_batch, object_id=lambda made: made[0].pk)
    def post(self, request):
        """Upload ads (JSONL or CSV). The same file again answers 200 with the first batch."""
        require(request.user, Resource.AD, "create")
        data = BatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        batch, created = actions.do_upload_ad_batch(
            acting_user=request.user, **data.to_action_kwargs()
        )
        batch.refresh_from_db()  # scored already when Celery runs eagerly
        return Response(
            BatchOutput(batch, context={"duplicate": not created}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class BatchDetailApi(APIView):
    @extend_schema(responses=BatchOutput)
    def get(self, request, batch_id):
        return Response(BatchOutput(queries.access_batch(request.user, batch_id, "create")).data)


class BatchCancelApi(APIView):
    @extend_schema(request=None, responses=BatchOutput)
    def post(self, request, batch_id):
        batch = queries.access_batch(request.user, batch_id, "create")
        return Response(
            BatchOutput(actions.do_cancel_ad_batch(batch=batch, acting_user=request.user)).data
        )


class AdListApi(APIView):
    """The review queue: highest risk first; each page is audited (ads hold suspects' data)."""

    @extend_schema(operation_id="ads_list", parameters=[AdQueueFilterInput], responses=AdListPage)
    def get(self, request):
        require(request.user, Resource.AD, "view")
        filters = AdQueueFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = queries.review_queue(request.user, filters=filters.validated_data)
        paginator = AdPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        actions.log_ads_viewed(request.user, listed_ids=[a.pk for a in page])
        return paginator.get_paginated_response(AdListOutput(page, many=True).data)


class AdDetailApi(APIView):
    @extend_schema(responses=AdDetailOutput)
    def get(self, request, ad_id):
        ad = queries.access_ad(request.user, ad_id)
        actions.log_ads_viewed(request.user, ad=ad)
        return Response(AdDetailOutput(ad).data)


class AdDecisionApi(APIView):
    @extend_schema(request=AdDecisionInput, responses={201: AdDecisionOutput})
    @idempotent("screening-ad-decision", _replay_decision)
    def post(self, request, ad_id):
        ad = queries.access_ad(request.user, ad_id, "change")
        data = AdDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        decision = actions.do_decide_ad(acting_user=request.user, ad=ad, **data.validated_data)
        return Response(AdDecisionOutput(decision).data, status=status.HTTP_201_CREATED)


class VerifyRecruiterApi(APIView):
    """Is a recruiter licensed? By licence number (NNNN/CITY) or name, Urdu or Roman."""

    @extend_schema(
        parameters=[RecruiterVerifyInput],
        responses=RecruiterVerificationOutput,
    )
    def get(self, request):
        require(request.user, Resource.REGISTRY, "view")
        query = (request.query_params.get("q") or "")[:120]
        return Response(RecruiterVerificationOutput(queries.verify_recruiter(query)).data)


class RegistryImportApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=RegistryImportInput, responses={201: RegistryImportOutput})
    @idempotent("screening-registry-preview", _replay_registry_preview)
    def post(self, request):
        """Preview an OEP list: what it would change. Nothing changes until applied."""
        require(request.user, Resource.REGISTRY, "change")
        data = RegistryImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        made = actions.do_preview_registry_import(
            acting_user=request.user, content=upload.read(), file_name=upload.name
        )
        return Response(RegistryImportOutput(made).data, status=status.HTTP_201_CREATED)


class RegistryApplyApi(APIView):
    @extend_schema(request=None, responses=RegistryImportOutput)
    def post(self, request, import_id):
        made = queries.access_import(request.user, import_id, "change")
        made = actions.do_apply_registry_import(registry_import=made, acting_user=request.user)
        return Response(RegistryImportOutput(made).data)
