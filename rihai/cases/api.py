"""REST API for persons and cases. Views are thin: access function → input → one action → output."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from rihai.accounts.access import RecordNotFound, require
from rihai.core.validators import validate_date_in_range

from . import actions, duplicates, htcds_import, idempotency, queries, versions
from .api_conflicts import (
    CONFLICT_RESPONSES,
    EDIT_RESPONSES,
    IDEMPOTENCY_KEY,
    IF_MATCH,
    answer_conflicts,
)
from .choices import CaseStatus, ExploitationType, RestrictionReason
from .duplicates import TooManyChecks, check_duplicates, find_duplicates
from .identification import CURRENT_VERSION
from .masking import IDENTIFIER_FIELDS
from .models import CaseMember, Consent, StatusChange
from .resources import Resource
from .serializers import (
    AssessmentOutput,
    CaseCreateInput,
    CaseDetailOutput,
    CaseFactsInput,
    CaseListOutput,
    ConsentInput,
    ConsentOutput,
    DecisionInput,
    ExportInput,
    FallbackRequestOutput,
    MergeInput,
    PersonInput,
    PersonOutput,
    RecordIdField,
    ScreeningInput,
    StatusChangeInput,
    StatusChangeOutput,
)


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


def case_detail_queryset(user):
    return (
        queries.visible_cases(user)
        .select_related("agency", "assigned_to", "province", "district")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CaseMember.objects.select_related(
                    "person__agency", "person__province", "person__district"
                ),
            ),
            "exploitations",
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.select_related("requested_by", "decided_by"),
            ),
            "assessments",
        )
    )


def load_case(user, case_id, action="view"):
    queries.access_case(user, case_id, action)  # fail-closed check for the action
    return case_detail_queryset(user).get(pk=case_id)


class CaseListApi(APIView):
    """Cases the user may see, newest first, filtered; each page of names is audited."""

    @extend_schema(operation_id="cases_list", parameters=[CaseFilterInput], responses=CaseListPage)
    def get(self, request):
        # Refused, not an empty list: a role without case access has no business here (and
        # the page refuses it the same way).
        require(request.user, Resource.CASE, "view")
        qs = queries.case_list(
            request.user, filters=case_filters(request.query_params, request.user)
        )
        paginator = CasePagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        actions.log_personal_data_view(request.user, "cases.case", listed_ids=[c.pk for c in page])
        return paginator.get_paginated_response(CaseListOutput(page, many=True).data)

    @extend_schema(
        request=CaseCreateInput,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: CaseDetailOutput, **CONFLICT_RESPONSES},
    )
    @answer_conflicts
    def post(self, request):
        require(request.user, Resource.CASE, "create")  # refuse before reading the input
        data = CaseCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person_data = values.pop("person", None)
        person_id = values.pop("person_id", None)
        family = [
            (queries.access_person(request.user, f["person_id"]), f["relation"])
            for f in values.pop("family", [])
        ]
        if person_data:
            # One action: a case that cannot open leaves no person behind.
            person_input = PersonInput(data=request.data["person"])
            person_input.is_valid(raise_exception=True)

            def create():
                return actions.do_register_person_and_open_case(
                    acting_user=request.user,
                    person_fields=person_input.to_action_kwargs(),
                    duplicate_acknowledged=person_input.acknowledged,
                    family=family,
                    **values,
                )
        else:
            person = queries.access_person(request.user, person_id)

            def create():
                return actions.do_open_case(
                    acting_user=request.user, person=person, family=family, **values
                )

        return idempotency.create_once(request, "cases-create", create, self.answer)

    @staticmethod
    def answer(request, case_id, replayed):
        return created_case(request, case_id, replayed)


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


class CaseDetailApi(APIView):
    @extend_schema(responses=CaseDetailOutput)
    def get(self, request, case_id):
        case = load_case(request.user, case_id)
        actions.log_personal_data_view(request.user, case)
        return Response(CaseDetailOutput(case).data, headers={"ETag": versions.etag(case)})

    @extend_schema(
        request=CaseFactsInput,
        parameters=[IF_MATCH],
        responses={200: CaseDetailOutput, **EDIT_RESPONSES},
    )
    @answer_conflicts
    def patch(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = CaseFactsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        actions.do_update_case_facts(
            case=case,
            acting_user=request.user,
            expected_version=versions.parse_if_match(request.headers.get("If-Match")),
            **data.validated_data,
        )
        case = load_case(request.user, case_id)
        return Response(CaseDetailOutput(case).data, headers={"ETag": versions.etag(case)})


class CaseStatusApi(APIView):
    @extend_schema(request=StatusChangeInput, responses={201: StatusChangeOutput})
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = StatusChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        change = actions.do_request_status_change(
            case=case, acting_user=request.user, **data.validated_data
        )
        return Response(StatusChangeOutput(change).data, status=status.HTTP_201_CREATED)


class StatusDecisionApi(APIView):
    @extend_schema(request=DecisionInput, responses=StatusChangeOutput)
    def post(self, request, case_id, change_id):
        case = queries.access_case(request.user, case_id, "approve")
        change = queries.record_of_case(StatusChange, case, change_id)
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        change = actions.do_decide_status_change(
            change=change,
            approve=data.validated_data["approve"],
            reason=data.validated_data["reason"],
            acting_user=request.user,
        )
        return Response(StatusChangeOutput(change).data)


class ScreeningApi(APIView):
    @extend_schema(request=ScreeningInput, responses={201: AssessmentOutput})
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = ScreeningInput(data=request.data)
        data.is_valid(raise_exception=True)
        member = (
            case.members.select_related("person")
            .filter(person_id=data.validated_data["person_id"])
            .first()
        )
        if member is None:
            raise serializers.ValidationError({"person_id": "This person is not in the case."})
        try:
            assessment = actions.do_record_screening(
                case=case,
                person=member.person,
                answers=data.validated_data["answers"],
                acting_user=request.user,
                version=data.validated_data.get("version") or CURRENT_VERSION,
            )
        except LookupError:
            raise serializers.ValidationError({"version": "Unknown screening version."}) from None
        return Response(AssessmentOutput(assessment).data, status=status.HTTP_201_CREATED)


class ScreeningQuestionsApi(APIView):
    """The questions of one version of the screening (or ``current``), in English and Urdu."""

    @extend_schema(responses=dict)
    def get(self, request, version):
        from .identification import load_ruleset

        if version == "current":
            version = CURRENT_VERSION
        try:
            ruleset = load_ruleset(version)
        except LookupError:
            raise RecordNotFound from None
        return Response(
            {
                "version": ruleset.version,
                "dimensions": [
                    {
                        "id": d.id,
                        "stage": d.stage,
                        "en": d.en,
                        "ur": d.ur,
                        "indicators": [
                            {"id": i.id, "en": i.en, "ur": i.ur, "adult": i.adult, "child": i.child}
                            for i in d.indicators
                        ],
                    }
                    for d in ruleset.dimensions
                ],
                "ptpa": ruleset.ptpa,
                "psma": list(ruleset.psma),
            }
        )


class ConsentApi(APIView):
    @extend_schema(request=ConsentInput, responses={201: ConsentOutput})
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = ConsentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = queries.access_person(request.user, values.pop("person_id"))
        consent = actions.do_record_consent(
            case=case, person=person, acting_user=request.user, **values
        )
        return Response(ConsentOutput(consent).data, status=status.HTTP_201_CREATED)


class ConsentRevokeApi(APIView):
    @extend_schema(request=None, responses=ConsentOutput)
    def post(self, request, case_id, consent_id):
        case = queries.access_case(request.user, case_id, "change")
        consent = queries.record_of_case(Consent, case, consent_id)
        return Response(
            ConsentOutput(actions.do_revoke_consent(consent=consent, acting_user=request.user)).data
        )


class PersonCreateApi(APIView):
    @extend_schema(
        request=PersonInput,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: PersonOutput, **CONFLICT_RESPONSES},
    )
    @answer_conflicts
    def post(self, request):
        require(request.user, Resource.PERSON, "create")  # refuse before reading the input
        data = PersonInput(data=request.data)
        data.is_valid(raise_exception=True)

        def create():
            return actions.do_register_person(
                acting_user=request.user,
                duplicate_acknowledged=data.acknowledged,
                **data.to_action_kwargs(),
            )

        return idempotency.create_once(request, "persons-create", create, self.answer)

    @staticmethod
    def answer(request, person_id, replayed):
        person = queries.access_person(request.user, person_id)
        if replayed:
            actions.log_personal_data_view(request.user, person)
        response = Response(PersonOutput(person).data, status=status.HTTP_201_CREATED)
        response["ETag"] = versions.etag(person)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class PersonDetailApi(APIView):
    @extend_schema(responses=PersonOutput)
    def get(self, request, person_id):
        person = queries.access_person(request.user, person_id)
        actions.log_personal_data_view(request.user, person)
        return Response(PersonOutput(person).data, headers={"ETag": versions.etag(person)})

    @extend_schema(
        request=PersonInput, parameters=[IF_MATCH], responses={200: PersonOutput, **EDIT_RESPONSES}
    )
    @answer_conflicts
    def patch(self, request, person_id):
        person = queries.access_person(request.user, person_id, "change")
        data = PersonInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        person = actions.do_update_person(
            person=person,
            acting_user=request.user,
            expected_version=versions.parse_if_match(request.headers.get("If-Match")),
            duplicate_acknowledged=data.acknowledged,
            **data.to_action_kwargs(),
        )
        return Response(PersonOutput(person).data, headers={"ETag": versions.etag(person)})


class DuplicateCheckApi(APIView):
    """Likely existing records for a person about to be registered (nothing is saved)."""

    @extend_schema(request=PersonInput, responses=dict)
    def post(self, request):
        # Only those who register people may ask: even "a match exists at agency X" is personal
        # data (it confirms that someone with this CNIC or phone is known to the system).
        require(request.user, Resource.PERSON, "create")
        data = PersonInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            report = check_duplicates(request.user, data.to_action_kwargs())
        except TooManyChecks:
            return Response(
                {"detail": _("Too many duplicate checks this hour; try again later.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        return Response(report.to_dict())


class PersonMergeApi(APIView):
    @extend_schema(request=MergeInput, responses=PersonOutput)
    def post(self, request, person_id):
        survivor = queries.access_person(request.user, person_id, "change")
        data = MergeInput(data=request.data)
        data.is_valid(raise_exception=True)
        duplicate = queries.access_person(
            request.user, data.validated_data["duplicate_id"], "change"
        )
        return Response(
            PersonOutput(
                actions.do_merge_persons(
                    survivor=survivor, duplicate=duplicate, acting_user=request.user
                )
            ).data
        )


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


def export_response(case, document: dict, passphrase: str):
    """The document as JSON, or sealed with ``passphrase`` in an encrypted package."""
    import json

    from django.http import HttpResponse

    from .packages import MEDIA_TYPE, SUFFIX, seal

    body = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    if passphrase:
        response = HttpResponse(seal(body, passphrase), content_type=MEDIA_TYPE)
        name = f"{case.reference}.htcds{SUFFIX}"
    else:
        response = HttpResponse(body, content_type="application/json")
        name = f"{case.reference}.htcds.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


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


class CaseAssignApi(APIView):
    """Changes the case worker; a female survivor goes to a man only with a supervisor's reason."""

    class CaseAssignInput(serializers.Serializer):
        assigned_to = RecordIdField()
        note = serializers.CharField(max_length=300, required=False, allow_blank=True)

    @extend_schema(request=CaseAssignInput, responses=CaseDetailOutput)
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = self.CaseAssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        actions.do_reassign_case(
            case=case,
            assigned_to=data.validated_data["assigned_to"],
            note=data.validated_data.get("note", ""),
            acting_user=request.user,
        )
        return Response(CaseDetailOutput(load_case(request.user, case_id)).data)


class CaseFamilyApi(APIView):
    """Adds a family member to the case: a registered person (person_id) or a new one (person)."""

    class CaseFamilyInput(serializers.Serializer):
        person_id = RecordIdField(required=False)
        person = PersonInput(required=False)
        relation = serializers.CharField(max_length=40)

        def validate(self, attrs):
            if bool(attrs.get("person_id")) == bool(attrs.get("person")):
                raise serializers.ValidationError(
                    {"person": [_("Give either person_id or a new person.")]}
                )
            return attrs

    @extend_schema(
        request=CaseFamilyInput,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: CaseDetailOutput, **CONFLICT_RESPONSES},
    )
    @answer_conflicts
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "change")
        data = self.CaseFamilyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values.get("person"):
            person_input = PersonInput(data=request.data["person"])
            person_input.is_valid(raise_exception=True)

            def create():  # one action: no orphan person if adding to the case fails
                return actions.do_register_family_member(
                    case=case,
                    person_fields=person_input.to_action_kwargs(),
                    relation=values["relation"],
                    acting_user=request.user,
                    duplicate_acknowledged=person_input.acknowledged,
                )
        else:
            person = queries.access_person(request.user, values["person_id"])

            def create():
                return actions.do_add_family_member(
                    case=case, person=person, relation=values["relation"], acting_user=request.user
                )

        return idempotency.create_once(
            request,
            "case-family",
            create,
            lambda r, _member, replayed: created_case(r, case_id, replayed),
        )


class PersonRevealApi(APIView):
    """Shows one full identifier of a person, once; audited (``do_reveal_identifier``)."""

    class RevealInput(serializers.Serializer):
        field = serializers.ChoiceField(IDENTIFIER_FIELDS)

    @extend_schema(request=RevealInput, responses=dict)
    def post(self, request, person_id):
        person = queries.access_person(request.user, person_id)
        data = self.RevealInput(data=request.data)
        data.is_valid(raise_exception=True)
        field = data.validated_data["field"]
        value = actions.do_reveal_identifier(person=person, field=field, acting_user=request.user)
        response = Response({"field": field, "value": value})
        response["Cache-Control"] = "no-store"
        return response


class CaseRestrictionApi(APIView):
    """Restricts a case to named users (and the agency's supervisors), or lifts it."""

    class RestrictionInput(serializers.Serializer):
        restriction = serializers.ChoiceField([("", "—"), *RestrictionReason.choices])
        allowed_users = serializers.ListField(child=RecordIdField(), required=False, default=list)

    @extend_schema(request=RestrictionInput, responses=CaseDetailOutput)
    def post(self, request, case_id):
        case = queries.access_case(request.user, case_id, "approve")
        data = self.RestrictionInput(data=request.data)
        data.is_valid(raise_exception=True)
        actions.do_set_case_restriction(case=case, acting_user=request.user, **data.validated_data)
        return Response(CaseDetailOutput(load_case(request.user, case_id)).data)


class FallbackRequestsApi(APIView):
    """Requests a supervisor may decide for another agency of the province that has no second
    approver: the request only (reference, from, to, when), never the case's personal data."""

    @extend_schema(responses=FallbackRequestOutput(many=True))
    def get(self, request):
        require(request.user, Resource.CASE, "approve")
        requests = queries.fallback_requests(request.user).order_by("requested_on", "id")[:100]
        return Response(FallbackRequestOutput(requests, many=True).data)


class FallbackDecisionApi(APIView):
    @extend_schema(request=DecisionInput, responses=FallbackRequestOutput)
    def post(self, request, change_id):
        require(request.user, Resource.CASE, "approve")
        change = queries.fallback_requests(request.user).filter(pk=change_id).first()
        if change is None:
            raise RecordNotFound
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        change = actions.do_decide_status_change(
            change=change,
            approve=data.validated_data["approve"],
            reason=data.validated_data["reason"],
            acting_user=request.user,
        )
        return Response(FallbackRequestOutput(change).data)
