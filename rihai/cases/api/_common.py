"""What the cases API views share: pagination, the list's filters, loading a case."""

from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from rihai.core.validators import validate_date_in_range

from .. import actions, duplicates, queries, versions
from ..choices import CaseStatus, ExploitationType
from ..duplicates import find_duplicates
from ..serializers import CaseDetailOutput, CaseListOutput


class CasePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


class CaseListPage(serializers.Serializer):
    """What GET /api/cases/ answers: one page of cases in CasePagination's envelope."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseListOutput(many=True)


class CaseFilterInput(serializers.Serializer):
    status = serializers.ChoiceField(CaseStatus.choices, required=False)
    exploitation_type = serializers.ChoiceField(ExploitationType.choices, required=False)
    province = serializers.CharField(required=False, help_text="ISO 3166-2 code, e.g. PK-PB")
    district = serializers.CharField(required=False, help_text="district code, e.g. PK617")
    mine = serializers.BooleanField(required=False)
    open = serializers.BooleanField(required=False, help_text="only cases that are not closed")
    awaiting_approval = serializers.BooleanField(required=False)
    created_from = serializers.DateField(required=False, validators=[validate_date_in_range])
    created_to = serializers.DateField(required=False, validators=[validate_date_in_range])
    reference = serializers.CharField(required=False, max_length=40)
    cnic = serializers.CharField(required=False, max_length=20)
    phone = serializers.CharField(required=False, max_length=30)
    q = serializers.CharField(
        required=False,
        max_length=120,
        help_text="Search: a case reference, CNIC, B-Form, passport or phone number (exact, "
        "through blind indexes), or a name in Urdu or Roman script (phonetic match).",
    )


def case_filters(params, user) -> dict:
    """Validated list filters; exact CNIC/phone search goes through the blind indexes."""
    data = CaseFilterInput(data=params)
    data.is_valid(raise_exception=True)
    filters = dict(data.validated_data)
    from rihai.geo.models import District, Province

    if filters.get("province"):
        filters["province"] = Province.objects.filter(iso_code=filters["province"]).first() or -1
    if filters.get("district"):
        filters["district"] = District.objects.filter(code=filters["district"]).first() or -1
    filters.update(duplicates.search_filters(user, filters.pop("q", "")))
    cnic, phone = filters.pop("cnic", ""), filters.pop("phone", "")
    if cnic or phone:
        matches = find_duplicates(user, {"cnic": cnic, "phone": phone})
        filters["person_ids"] = [m.person.pk for m in matches if m.visible and m.score == 100]
    return filters


def load_case(user, case_id, action="view"):
    queries.access_case(user, case_id, action)  # fail-closed check for the action
    return queries.case_detail_queryset(user).get(pk=case_id)


def created_case(request, case_id, replayed: bool):
    """201 with the case; a replayed create (same Idempotency-Key) shows it again, audited."""
    case = load_case(request.user, case_id)
    if replayed:
        actions.log_personal_data_view(request.user, case)
    response = Response(CaseDetailOutput(case).data, status=status.HTTP_201_CREATED)
    response["ETag"] = versions.etag(case)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def replayed_record(request, case_id, model, record_id, output):
    """A case's record created by an earlier request with the same Idempotency-Key: read
    again through the case's access function, shown as the first time (201), audited as a view."""
    case = queries.access_case(request.user, case_id)
    record = queries.record_of_case(model, case, record_id)
    actions.log_personal_data_view(request.user, record)
    return Response(output(record).data, status=status.HTTP_201_CREATED)
