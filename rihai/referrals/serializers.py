"""API input and output shapes. Outputs for a referral's recipient never name the case."""

from rest_framework import serializers

from rihai.cases.consent_gate import LegalBasis
from rihai.cases.serializers import RecordIdField

from .choices import (
    MINIMAL_SHARE,
    BedType,
    DeclineReason,
    DischargeReason,
    Language,
    ProviderKind,
    ReferralStatus,
    ServiceType,
    SharedField,
)
from .models import Provider, Referral, ServiceDelivery, Transfer
from .snapshot import masked_snapshot

SEXES = [("female", "female"), ("male", "male"), ("transgender", "transgender")]


class ProviderOutput(serializers.ModelSerializer):
    province = serializers.CharField(source="province.iso_code")
    district = serializers.CharField(source="district.code")
    agency = serializers.CharField(source="agency.code", default=None, allow_null=True)
    services = serializers.SerializerMethodField()
    in_rihai = serializers.BooleanField(read_only=True)

    class Meta:
        model = Provider
        fields = [
            "id",
            "name",
            "name_ur",
            "kind",
            "agency",
            "in_rihai",
            "province",
            "district",
            "address",
            "hours",
            "phone",
            "email",
            "languages",
            "eligible_sexes",
            "min_age",
            "max_age",
            "nationalities",
            "accepts_children",
            "is_active",
            "services",
        ]

    def get_services(self, provider) -> list[str]:
        return [s.service_type for s in provider.services.all()]  # prefetched by the query


class DirectoryFilterInput(serializers.Serializer):
    district = serializers.CharField(required=False, help_text="district code, e.g. PK617")
    need = serializers.ChoiceField(ServiceType.choices, required=False)
    q = serializers.CharField(required=False, max_length=100, help_text="name, Urdu or English")


class ProviderInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    name_ur = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(ProviderKind.choices)
    agency_id = RecordIdField(required=False, allow_null=True)
    district = serializers.CharField(help_text="district code, e.g. PK617")
    districts_served = serializers.ListField(
        child=serializers.CharField(), required=False, max_length=200
    )
    services = serializers.ListField(child=serializers.ChoiceField(ServiceType.choices))
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    hours = serializers.CharField(max_length=120, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    languages = serializers.ListField(
        child=serializers.ChoiceField(Language.choices), required=False
    )
    eligible_sexes = serializers.ListField(child=serializers.ChoiceField(SEXES), required=False)
    min_age = serializers.IntegerField(min_value=0, max_value=120, required=False, allow_null=True)
    max_age = serializers.IntegerField(min_value=0, max_value=120, required=False, allow_null=True)
    nationalities = serializers.ListField(
        child=serializers.RegexField(r"^[A-Z]{2}$"), required=False
    )
    accepts_children = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)

    def to_action_kwargs(self) -> dict:
        from rihai.accounts.models import Agency
        from rihai.geo.models import District

        values = dict(self.validated_data)
        if "district" in values:
            district = District.objects.filter(code=values["district"]).first()
            if district is None:
                raise serializers.ValidationError({"district": "Unknown district code."})
            values["district"], values["province"] = district, district.province
        if "districts_served" in values:
            codes = values["districts_served"]
            found = list(District.objects.filter(code__in=codes))
            if len(found) != len(set(codes)):
                raise serializers.ValidationError({"districts_served": "Unknown district code."})
            values["districts_served"] = found
        if "agency_id" in values:
            agency_id = values.pop("agency_id")
            values["agency"] = Agency.objects.filter(pk=agency_id).first() if agency_id else None
            if agency_id and values["agency"] is None:
                raise serializers.ValidationError({"agency_id": "No agency has this id."})
        return values


class BedOutput(serializers.Serializer):
    bed_type = serializers.ChoiceField(BedType.choices)
    label = serializers.CharField()
    capacity = serializers.IntegerField()
    occupied = serializers.IntegerField()
    free = serializers.IntegerField()


class BedInput(serializers.Serializer):
    bed_type = serializers.ChoiceField(BedType.choices)
    capacity = serializers.IntegerField(min_value=0, max_value=2000)


class ReferralCreateInput(serializers.Serializer):
    case_id = RecordIdField()
    person_id = RecordIdField()
    provider_id = RecordIdField()
    service_type = serializers.ChoiceField(ServiceType.choices)
    needs = serializers.CharField(max_length=2000)
    risks = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    shared_fields = serializers.ListField(
        child=serializers.ChoiceField(SharedField.choices),
        required=False,
        default=list(MINIMAL_SHARE),
        help_text="What the recipient sees; by default first name, age, sex, languages, needs "
        "and risks (never the case or its story).",
    )
    with_children = serializers.BooleanField(required=False, default=False)
    legal_basis = serializers.ChoiceField(LegalBasis.choices, required=False, allow_blank=True)
    legal_reference = serializers.CharField(max_length=120, required=False, allow_blank=True)
    override_reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class ReferralFilterInput(serializers.Serializer):
    box = serializers.ChoiceField([("incoming", "incoming"), ("sent", "sent")], required=False)
    status = serializers.ChoiceField(ReferralStatus.choices, required=False)
    service_type = serializers.ChoiceField(ServiceType.choices, required=False)
    overdue = serializers.BooleanField(required=False)


class DeliveryOutput(serializers.ModelSerializer):
    class Meta:
        model = ServiceDelivery
        fields = ["id", "delivered_on", "description", "recorded_on"]


class ReferralOutput(serializers.ModelSerializer):
    """What either side sees. The recipient's view carries the snapshot and no case."""

    provider = serializers.CharField(source="provider.name")
    provider_id = serializers.IntegerField()
    from_agency = serializers.CharField(source="from_agency.code")
    to_agency = serializers.CharField(source="to_agency.code", default=None, allow_null=True)
    shared = serializers.DictField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    suggested_provider_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "status",
            "service_type",
            "provider",
            "provider_id",
            "from_agency",
            "to_agency",
            "shared",
            "person_sex",
            "person_age",
            "with_children",
            "requested_on",
            "due_by",
            "is_overdue",
            "accepted_on",
            "decline_reason",
            "suggested_provider_id",
            "started_on",
            "completed_on",
            "withdrawn_on",
        ]


class SenderReferralOutput(ReferralOutput):
    """The referring agency's view adds the case and the basis of the disclosure. Its staff
    see the snapshot's CNIC and phone masked, as on the person's record: the full value only
    through the audited reveal of the person (cases.masking)."""

    class Meta(ReferralOutput.Meta):
        fields = [*ReferralOutput.Meta.fields, "case", "person", "basis_kind", "legal_basis"]

    def to_representation(self, referral):
        data = super().to_representation(referral)
        data["shared"] = masked_snapshot(data.get("shared") or {})
        return data


class ReferralListPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ReferralOutput(many=True)


class DeclineInput(serializers.Serializer):
    reason = serializers.ChoiceField(DeclineReason.choices)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class WithdrawInput(serializers.Serializer):
    note = serializers.CharField(max_length=1000)


class AdmitInput(serializers.Serializer):
    bed_type = serializers.ChoiceField(BedType.choices)


class DischargeInput(serializers.Serializer):
    reason = serializers.ChoiceField(DischargeReason.choices)


class ServiceInput(serializers.Serializer):
    delivered_on = serializers.DateField()
    description = serializers.CharField(max_length=2000)


class TransferOutput(serializers.ModelSerializer):
    from_agency = serializers.CharField(source="from_agency.code")
    to_agency = serializers.CharField(source="to_agency.code")

    class Meta:
        model = Transfer
        fields = [
            "id",
            "status",
            "from_agency",
            "to_agency",
            "person_sex",
            "person_age",
            "requested_on",
            "approved_on",
            "decided_on",
            "basis_kind",
        ]


class TransferCreateInput(serializers.Serializer):
    case_id = RecordIdField()
    to_agency_id = RecordIdField()
    reason = serializers.CharField(max_length=2000)


class TransferApprovalInput(serializers.Serializer):
    legal_basis = serializers.ChoiceField(LegalBasis.choices, required=False, allow_blank=True)
    legal_reference = serializers.CharField(max_length=120, required=False, allow_blank=True)
    override_reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class TransferAcceptInput(serializers.Serializer):
    assigned_to_id = RecordIdField(required=False)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
