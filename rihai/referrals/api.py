"""REST API for the directory, beds and referrals. Thin: access → input → one action → output."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.accounts.access import RecordNotFound, require
from rihai.cases import queries as case_queries
from rihai.core.idempotency import idempotent

from . import actions, queries
from .resources import Resource
from .serializers import (
    AdmitInput,
    BedInput,
    BedOutput,
    DeclineInput,
    DeliveryOutput,
    DirectoryFilterInput,
    DischargeInput,
    ProviderInput,
    ProviderOutput,
    ReferralCreateInput,
    ReferralFilterInput,
    ReferralListPage,
    ReferralOutput,
    SenderReferralOutput,
    ServiceInput,
    WithdrawInput,
)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


def referral_output(referral, side) -> dict:
    if side == queries.SENDER:
        return SenderReferralOutput(referral).data
    return ReferralOutput(referral).data


def _created(data):
    return Response(data, status=status.HTTP_201_CREATED)


def _replay_provider(request, provider_id):
    # The directory holds no personal data: shown again, no view to audit.
    return _created(ProviderOutput(queries.access_provider(request.user, provider_id)).data)


def _replay_referral(request, referral_id):
    referral, _side = queries.access_referral(request.user, referral_id)
    actions.log_referral_view(request.user, referral)
    return _created(SenderReferralOutput(referral).data)


def _replay_delivery(request, delivery_id, referral_id):
    referral, _side = queries.access_referral(request.user, referral_id)
    delivery = referral.deliveries.filter(pk=delivery_id).first()
    if delivery is None:
        raise RecordNotFound
    actions.log_referral_view(request.user, referral)
    return _created(DeliveryOutput(delivery).data)


def _replay_answer(request, _object_id, referral_id):
    referral, side = queries.access_referral(request.user, referral_id)
    actions.log_referral_view(request.user, referral)
    return Response(referral_output(referral, side))


class ProviderListApi(APIView):
    """The directory: search by district served and need, or by name in Urdu or English."""

    @extend_schema(
        operation_id="referrals_providers_list",
        parameters=[DirectoryFilterInput],
        responses=ProviderOutput(many=True),
    )
    def get(self, request):
        require(request.user, Resource.SERVICE, "view")
        data = DirectoryFilterInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        filters = dict(data.validated_data)
        district = None
        if filters.get("district"):
            from rihai.geo.models import District

            district = District.objects.filter(code=filters["district"]).first() or -1
        providers = queries.directory(
            request.user, district=district, need=filters.get("need", ""), text=filters.get("q", "")
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(providers, request, view=self)
        return paginator.get_paginated_response(ProviderOutput(page, many=True).data)

    @extend_schema(request=ProviderInput, responses={201: ProviderOutput})
    @idempotent("referrals-provider", _replay_provider)
    def post(self, request):
        require(request.user, Resource.SERVICE, "create")
        data = ProviderInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.to_action_kwargs()
        values.setdefault("districts_served", [])
        provider = actions.do_create_provider(acting_user=request.user, **values)
        return Response(ProviderOutput(provider).data, status=status.HTTP_201_CREATED)


class ProviderDetailApi(APIView):
    @extend_schema(responses=ProviderOutput)
    def get(self, request, provider_id):
        return Response(ProviderOutput(queries.access_provider(request.user, provider_id)).data)

    @extend_schema(request=ProviderInput, responses=ProviderOutput)
    def patch(self, request, provider_id):
        provider = queries.access_provider(request.user, provider_id, "change")
        data = ProviderInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        provider = actions.do_update_provider(
            provider=provider, acting_user=request.user, **data.to_action_kwargs()
        )
        return Response(ProviderOutput(provider).data)


class ProviderBedsApi(APIView):
    @extend_schema(responses=BedOutput(many=True))
    def get(self, request, provider_id):
        provider = queries.access_provider(request.user, provider_id)
        return Response(BedOutput(queries.beds_of(provider), many=True).data)

    @extend_schema(request=BedInput, responses=BedOutput(many=True))
    def post(self, request, provider_id):
        provider = queries.access_provider(request.user, provider_id, "change")
        data = BedInput(data=request.data)
        data.is_valid(raise_exception=True)
        actions.do_set_bed_capacity(
            provider=provider, acting_user=request.user, **data.validated_data
        )
        return Response(BedOutput(queries.beds_of(provider), many=True).data)


class ReferralListApi(APIView):
    """One box of referrals (incoming by default, or sent); each page is audited."""

    @extend_schema(
        operation_id="referrals_list", parameters=[ReferralFilterInput], responses=ReferralListPage
    )
    def get(self, request):
        require(request.user, Resource.REFERRAL, "view")
        data = ReferralFilterInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        filters = dict(data.validated_data)
        box = filters.pop("box", "incoming")
        paginator = Pagination()
        page = paginator.paginate_queryset(
            queries.referral_list(request.user, box=box, filters=filters), request, view=self
        )
        actions.log_referral_view(request.user, listed_ids=[r.pk for r in page])
        output = SenderReferralOutput if box == "sent" else ReferralOutput  # sent: masked
        return paginator.get_paginated_response(output(page, many=True).data)

    @extend_schema(request=ReferralCreateInput, responses={201: SenderReferralOutput})
    @idempotent("referrals-create", _replay_referral)
    def post(self, request):
        require(request.user, Resource.REFERRAL, "create")
        data = ReferralCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = case_queries.access_case(request.user, values.pop("case_id"), "change")
        member = case.members.select_related("person").filter(person_id=values.pop("person_id"))
        member = member.first()
        if member is None:
            raise RecordNotFound
        provider = queries.access_provider(request.user, values.pop("provider_id"))
        referral = actions.do_refer_case(
            case=case, person=member.person, provider=provider, acting_user=request.user, **values
        )
        return Response(SenderReferralOutput(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetailApi(APIView):
    @extend_schema(responses=SenderReferralOutput)
    def get(self, request, referral_id):
        referral, side = queries.access_referral(request.user, referral_id)
        actions.log_referral_view(request.user, referral)
        return Response(referral_output(referral, side))


def _answer_api(run, input_class=None, *, doc: str, idempotent_as: str = ""):
    """One POST endpoint per answer: load the referral in scope, validate, one action. An
    answer that creates a record (a placement in a bed) is ``idempotent_as`` an endpoint name:
    a retry with the same Idempotency-Key shows the referral again instead of a second try."""

    def retry_safe(post):
        return idempotent(idempotent_as, _replay_answer)(post) if idempotent_as else post

    class AnswerApi(APIView):
        @extend_schema(request=input_class, responses=SenderReferralOutput, description=doc)
        @retry_safe
        def post(self, request, referral_id):
            referral, _side = queries.access_referral(request.user, referral_id, "change")
            values = {}
            if input_class is not None:
                data = input_class(data=request.data)
                data.is_valid(raise_exception=True)
                values = data.validated_data
            run(referral=referral, acting_user=request.user, **values)
            referral, side = queries.access_referral(request.user, referral_id)
            return Response(referral_output(referral, side))

    AnswerApi.__name__ = AnswerApi.__qualname__ = f"{run.__name__[3:].title()}Api"
    return AnswerApi


AcceptApi = _answer_api(actions.do_accept_referral, doc="The recipient accepts.")
DeclineApi = _answer_api(actions.do_decline_referral, DeclineInput, doc="The recipient declines.")
WithdrawApi = _answer_api(actions.do_withdraw_referral, WithdrawInput, doc="The sender withdraws.")
StartApi = _answer_api(actions.do_start_service, doc="A non-residential service begins.")
AdmitApi = _answer_api(
    actions.do_admit_to_shelter,
    AdmitInput,
    doc="Admission to a bed (a placement).",
    idempotent_as="referrals-placement",
)
DischargeApi = _answer_api(
    actions.do_discharge_from_shelter, DischargeInput, doc="Discharge; completes the referral."
)
CompleteApi = _answer_api(actions.do_complete_referral, doc="The service was given in full.")


class ServiceDeliveryApi(APIView):
    @extend_schema(request=ServiceInput, responses={201: DeliveryOutput})
    @idempotent("referrals-delivery", _replay_delivery)
    def post(self, request, referral_id):
        referral, _side = queries.access_referral(request.user, referral_id, "change")
        data = ServiceInput(data=request.data)
        data.is_valid(raise_exception=True)
        delivery = actions.do_record_service(
            referral=referral, acting_user=request.user, **data.validated_data
        )
        return Response(DeliveryOutput(delivery).data, status=status.HTTP_201_CREATED)
