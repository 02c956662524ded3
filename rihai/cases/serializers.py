"""Input and output shapes of the cases API. Inputs validate; actions decide; outputs shape."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from rihai.accounts.models import Agency
from rihai.core.validators import NO_NUL, validate_date_in_range
from rihai.geo.models import District, Province

from .choices import (
    CaseStatus,
    ConsentPurpose,
    ExploitationType,
    MeansOfControl,
    ParentageRelation,
    PersonSex,
    RecruiterRelation,
    RecruitmentChannel,
)
from .consent_gate import LegalBasis
from .masking import masked_identifiers
from .models import Case, Consent, Person, ScreeningAssessment, StatusChange
from .packages import MIN_PASSPHRASE
from .queries import primary_person


class SlugInput(serializers.SlugRelatedField):
    """A record named by its code. A NUL character is refused before the lookup: PostgreSQL
    rejects it in a query, which was a server error."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            raise serializers.ValidationError(NO_NUL)
        return super().to_internal_value(data)


PROVINCE = SlugInput(
    slug_field="iso_code", queryset=Province.objects.all(), required=False, allow_null=True
)
DISTRICT = SlugInput(
    slug_field="code", queryset=District.objects.all(), required=False, allow_null=True
)


class RecordIdField(serializers.IntegerField):
    """The id of a record: a positive 64-bit integer. A larger one is a 400, not a 500
    (SQLite raised OverflowError on ``case.members.filter(person_id=2**64)``)."""

    default_error_messages = {
        "min_value": _("No record has this id."),
        "max_value": _("No record has this id."),
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


class DateTimeInput(serializers.DateTimeField):
    """A date and time within ``validators.DATE_RANGE``; checked before DRF converts it to
    Pakistan's time zone, which raised OverflowError for 0001-01-01."""

    def enforce_timezone(self, value):
        validate_date_in_range(value)
        return super().enforce_timezone(value)


class PersonInput(serializers.Serializer):
    name_ur = serializers.CharField(max_length=120, required=False, allow_blank=True)
    name_roman = serializers.CharField(max_length=120, required=False, allow_blank=True)
    parentage_relation = serializers.ChoiceField(
        ParentageRelation.choices, required=False, allow_blank=True
    )
    parentage_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    sex = serializers.ChoiceField(PersonSex.choices)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    estimated_age = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True
    )
    nationality = serializers.RegexField(r"^[A-Z]{2}$", required=False)
    cnic = serializers.CharField(max_length=15, required=False, allow_blank=True)
    bform = serializers.CharField(max_length=15, required=False, allow_blank=True)
    passport = serializers.CharField(max_length=20, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    address = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    province = PROVINCE
    district = DISTRICT
    languages = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, max_length=10
    )
    has_disability = serializers.BooleanField(required=False)
    disability_notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    guardian_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    guardian_relation = serializers.CharField(max_length=40, required=False, allow_blank=True)
    guardian_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    duplicate_acknowledged = serializers.BooleanField(
        required=False,
        write_only=True,
        help_text="Register (or set) a CNIC already registered to another person: the user "
        "checked the possible duplicates and confirms a separate record. Without it, 409.",
    )

    @property
    def acknowledged(self) -> bool:
        return bool(self.validated_data.get("duplicate_acknowledged"))

    def to_action_kwargs(self) -> dict:
        data = dict(self.validated_data)
        data.pop("duplicate_acknowledged", None)
        if data.get("date_of_birth"):
            data["date_of_birth"] = data["date_of_birth"].isoformat()
        elif "date_of_birth" in data:
            data["date_of_birth"] = ""
        return data


class PersonOutput(serializers.ModelSerializer):
    province = serializers.CharField(source="province.iso_code", default=None, allow_null=True)
    district = serializers.CharField(source="district.code", default=None, allow_null=True)
    agency = serializers.CharField(source="agency.code")
    age = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = ["id", "agency", *Person.EDITABLE_FIELDS, "age", "birth_year", "merged_into"]

    def to_representation(self, person):
        # Identifiers leave masked, for every role: the full value only through the audited
        # reveal (POST /api/persons/<id>/reveal/).
        data = super().to_representation(person)
        data.update(masked_identifiers(person))
        return data


class CaseFactsInput(serializers.Serializer):
    province = PROVINCE
    district = DISTRICT
    means_of_control = serializers.ListField(
        child=serializers.ChoiceField(MeansOfControl.choices), required=False
    )
    recruiter_relation = serializers.ChoiceField(RecruiterRelation.choices, required=False)
    recruitment_channel = serializers.ChoiceField(RecruitmentChannel.choices, required=False)
    destination_country = serializers.RegexField(r"^[A-Z]{2}$", required=False)
    route = serializers.ListField(
        child=serializers.RegexField(r"^[A-Z]{2}$"), required=False, max_length=20
    )
    exploitation_start = serializers.DateField(required=False, allow_null=True)
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    exploitation_types = serializers.ListField(
        child=serializers.ChoiceField(ExploitationType.choices), required=False
    )


class FamilyMemberInput(serializers.Serializer):
    person_id = RecordIdField()
    relation = serializers.CharField(max_length=40)


class CaseCreateInput(CaseFactsInput):
    person_id = RecordIdField(required=False)
    person = PersonInput(required=False)
    family = FamilyMemberInput(many=True, required=False)
    # An id, resolved by the action among the agency's case workers: one error for "no such
    # user" and "another agency's user".
    assigned_to = RecordIdField(required=False, allow_null=True)
    assignment_note = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate(self, attrs):
        if bool(attrs.get("person_id")) == bool(attrs.get("person")):
            raise serializers.ValidationError(
                {"person": _("Give either person_id or a new person.")}
            )
        return attrs


class StatusChangeInput(serializers.Serializer):
    to_status = serializers.ChoiceField(CaseStatus.choices)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()
    # Required to reject (the requester is notified and reads it); optional to approve.
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ScreeningInput(serializers.Serializer):
    person_id = RecordIdField()
    answers = serializers.DictField(child=serializers.JSONField())
    version = serializers.CharField(max_length=40, required=False)


class ConsentInput(serializers.Serializer):
    person_id = RecordIdField()
    recipient = SlugInput(slug_field="code", queryset=Agency.objects.active())
    purpose = serializers.ChoiceField(ConsentPurpose.choices)
    expires_on = DateTimeInput(required=False, allow_null=True)
    given_by_guardian = serializers.BooleanField(required=False, default=False)
    guardian_name = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default=""
    )


class ExportInput(serializers.Serializer):
    purpose = serializers.ChoiceField(ConsentPurpose.choices)
    recipient = SlugInput(
        slug_field="code", queryset=Agency.objects.active(), required=False, allow_null=True
    )
    legal_basis = serializers.ChoiceField(
        [("", "—"), *LegalBasis.choices], required=False, default=""
    )
    legal_reference = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default=""
    )
    override_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    passphrase = serializers.CharField(
        min_length=MIN_PASSPHRASE,
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Seal the document in an encrypted package with this passphrase "
        "(tell it to the recipient by another channel).",
        style={"input_type": "password"},
    )


class MergeInput(serializers.Serializer):
    duplicate_id = RecordIdField()


class PrimaryPersonSummary(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    sex = serializers.CharField()
    age = serializers.IntegerField(allow_null=True)


_PERSON_SUMMARY = PrimaryPersonSummary()


class CaseListOutput(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code")
    assigned_to = serializers.CharField(
        source="assigned_to.username", default=None, allow_null=True
    )
    province = serializers.CharField(source="province.iso_code", default=None, allow_null=True)
    district = serializers.CharField(source="district.code", default=None, allow_null=True)
    exploitation_types = serializers.SerializerMethodField()
    primary_person = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "status",
            "agency",
            "assigned_to",
            "created_on",
            "province",
            "district",
            "is_transnational",
            "destination_country",
            "exploitation_types",
            "primary_person",
        ]

    def get_exploitation_types(self, case) -> list[str]:
        return sorted(e.exploitation_type for e in case.exploitations.all())

    def get_primary_person(self, case) -> dict | None:
        person = primary_person(case)
        # One shared serializer: building one per row cost more than the page's queries.
        return _PERSON_SUMMARY.to_representation(person) if person else None


class StatusChangeOutput(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username")
    decided_by = serializers.CharField(source="decided_by.username", default=None, allow_null=True)

    class Meta:
        model = StatusChange
        fields = [
            "id",
            "from_status",
            "to_status",
            "reason",
            "requested_by",
            "requested_on",
            "decision",
            "decided_by",
            "decided_on",
        ]


class AssessmentOutput(serializers.ModelSerializer):
    class Meta:
        model = ScreeningAssessment
        fields = [
            "id",
            "person",
            "rules_version",
            "is_child",
            "answers",
            "result",
            "recommendation",
            "recorded_on",
        ]


class ConsentOutput(serializers.ModelSerializer):
    recipient = serializers.CharField(source="recipient.code")

    class Meta:
        model = Consent
        fields = [
            "id",
            "person",
            "recipient",
            "purpose",
            "given_on",
            "expires_on",
            "given_by_guardian",
            "guardian_name",
            "revoked_on",
        ]


class CaseDetailOutput(CaseListOutput):
    members = serializers.SerializerMethodField()
    status_changes = StatusChangeOutput(many=True, read_only=True)
    assessments = AssessmentOutput(many=True, read_only=True)
    jurisdictions = serializers.SerializerMethodField()

    class Meta(CaseListOutput.Meta):
        fields = [
            *CaseListOutput.Meta.fields,
            "status_reason",
            "identified_on",
            "closed_on",
            "means_of_control",
            "recruiter_relation",
            "recruitment_channel",
            "route",
            "exploitation_start",
            "summary",
            "assignment_note",
            "members",
            "status_changes",
            "assessments",
            "jurisdictions",
        ]

    def get_members(self, case) -> list[dict]:
        return [
            {
                "role": m.role,
                "relation_to_primary": m.relation_to_primary,
                "person": PersonOutput(m.person).data,
            }
            for m in case.members.all()
        ]

    def get_jurisdictions(self, case) -> list[dict]:
        from .routing import describe, suggest_jurisdictions

        people = [m.person for m in case.members.all()]
        suggestions = suggest_jurisdictions(
            is_transnational=case.is_transnational,
            exploitation_types=[e.exploitation_type for e in case.exploitations.all()],
            any_child=any(p.is_child for p in people),
            age_unknown=any(p.age is None for p in people),
        )
        return [{"jurisdiction": s.jurisdiction, "reason": describe(s)} for s in suggestions]


class FallbackRequestOutput(serializers.ModelSerializer):
    """A request as the province's fallback approver sees it: no names, no reason text."""

    reference = serializers.CharField(source="case.reference")
    agency = serializers.CharField(source="case.agency.code")
    requested_by = serializers.CharField(source="requested_by.username")

    class Meta:
        model = StatusChange
        fields = [
            "id",
            "reference",
            "agency",
            "from_status",
            "to_status",
            "requested_by",
            "requested_on",
            "decision",
        ]
