"""REST API for support plans, matching the pages: list, open from a case, one plan with its
items, closure checklist and timeline, add an item, update an item, close.
Thin: access → input → one action → output."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.accounts.access import RecordNotFound, require
from rihai.cases import queries as case_queries
from rihai.core.idempotency import idempotent

from . import actions, plans
from .choices import PlanItemKind, PlanItemStatus
from .models import PlanItem

MAX_PLANS = 200


class PlanItemOutput(serializers.ModelSerializer):
    class Meta:
        model = PlanItem
        fields = ["id", "kind", "description", "due_on", "status", "done_on", "note", "referral"]


class PlanOutput(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    is_child = serializers.BooleanField()
    guardian_name = serializers.CharField()
    best_interests = serializers.CharField()
    created_on = serializers.DateTimeField()
    closed_on = serializers.DateTimeField(allow_null=True)


class CheckOutput(serializers.Serializer):
    label = serializers.CharField()
    ok = serializers.BooleanField()


class TimelineOutput(serializers.Serializer):
    on = serializers.CharField()
    what = serializers.CharField()


class PlanDetailOutput(PlanOutput):
    items = PlanItemOutput(many=True)
    checklist = CheckOutput(many=True)
    timeline = TimelineOutput(many=True)


class PlanCreateInput(serializers.Serializer):
    case_id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    guardian_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    best_interests = serializers.CharField(max_length=3000, required=False, allow_blank=True)


class PlanItemInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PlanItemKind.choices)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class PlanItemStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=PlanItemStatus.choices)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True)


def _detail(plan) -> dict:
    data = dict(PlanOutput(plan).data)
    data["items"] = PlanItemOutput(plan.items.all(), many=True).data
    data["checklist"] = [{"label": str(c.label), "ok": c.ok} for c in plans.closure_checklist(plan)]
    data["timeline"] = [{"on": str(e["on"]), "what": str(e["what"])} for e in plans.timeline(plan)]
    return data


def _replay_plan(request, plan_id):
    plan = plans.access_plan(request.user, plan_id)
    actions.log_referral_view(request.user, plan)
    return Response(_detail(plan), status=status.HTTP_201_CREATED)


def _replay_plan_item(request, item_id, plan_id):
    plan = plans.access_plan(request.user, plan_id)
    item = PlanItem.objects.filter(plan=plan, pk=item_id).first()
    if item is None:
        raise RecordNotFound
    actions.log_referral_view(request.user, plan)
    return Response(PlanItemOutput(item).data, status=status.HTTP_201_CREATED)


class PlanListApi(APIView):
    @extend_schema(operation_id="support_plans_list", responses=PlanOutput(many=True))
    def get(self, request):
        require(request.user, "case", "view")
        rows = list(
            plans.visible_plans(request.user).order_by("closed_on", "-created_on")[:MAX_PLANS]
        )
        actions.log_referral_view(request.user, listed_ids=[p.pk for p in rows])
        return Response(PlanOutput(rows, many=True).data)

    @extend_schema(
        operation_id="support_plans_create",
        request=PlanCreateInput,
        responses={201: PlanDetailOutput},
    )
    @idempotent("referrals-plan", _replay_plan)
    def post(self, request):
        require(request.user, "case", "change")
        data = PlanCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = case_queries.access_case(request.user, values.pop("case_id"), "change")
        person_id = values.pop("person_id")
        member = case.members.select_related("person").filter(person_id=person_id).first()
        if member is None:
            raise serializers.ValidationError({"person_id": "This person is not in the case."})
        plan = actions.do_open_support_plan(
            case=case, person=member.person, acting_user=request.user, **values
        )
        return Response(_detail(plan), status=status.HTTP_201_CREATED)


class PlanDetailApi(APIView):
    @extend_schema(operation_id="support_plans_retrieve", responses=PlanDetailOutput)
    def get(self, request, plan_id):
        plan = plans.access_plan(request.user, plan_id)
        actions.log_referral_view(request.user, plan)
        return Response(_detail(plan))


class PlanItemAddApi(APIView):
    @extend_schema(
        operation_id="support_plans_items_create",
        request=PlanItemInput,
        responses={201: PlanItemOutput},
    )
    @idempotent("referrals-plan-item", _replay_plan_item)
    def post(self, request, plan_id):
        plan = plans.access_plan(request.user, plan_id, "change")
        data = PlanItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = actions.do_add_plan_item(plan=plan, acting_user=request.user, **data.validated_data)
        return Response(PlanItemOutput(item).data, status=status.HTTP_201_CREATED)


class PlanItemUpdateApi(APIView):
    @extend_schema(
        operation_id="support_plans_items_update",
        request=PlanItemStatusInput,
        responses=PlanItemOutput,
    )
    def post(self, request, plan_id, item_id):
        plan = plans.access_plan(request.user, plan_id, "change")
        item = PlanItem.objects.filter(plan=plan, pk=item_id).first()
        if item is None:
            raise RecordNotFound
        data = PlanItemStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = actions.do_update_plan_item(
            item=item, acting_user=request.user, **data.validated_data
        )
        return Response(PlanItemOutput(item).data)


class PlanCloseApi(APIView):
    @extend_schema(operation_id="support_plans_close", request=None, responses=PlanDetailOutput)
    def post(self, request, plan_id):
        plan = plans.access_plan(request.user, plan_id, "change")
        plan = actions.do_close_support_plan(plan=plan, acting_user=request.user)
        return Response(_detail(plan))
