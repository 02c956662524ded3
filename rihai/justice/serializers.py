"""Input and output shapes of the justice API. Inputs validate shape; actions decide."""

from rest_framework import serializers

from rihai.accounts.models import User
from rihai.cases.serializers import DISTRICT, RecordIdField
from rihai.core.validators import validate_date_in_range

from .choices import (
    EvidenceKind,
    LinkDecision,
    Outcome,
    ProtectionMeasure,
    Stage,
    SuspectKind,
    SuspectRole,
)
from .models import Investigation, OffenceVersion

DATE = {"validators": [validate_date_in_range]}


class InvestigationCreateInput(serializers.Serializer):
    complaint_number = serializers.CharField(max_length=40)
    complaint_date = serializers.DateField(**DATE)
    investigating_officer = RecordIdField(required=False, help_text="a user of your agency")
    district = DISTRICT
    offence_codes = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, max_length=20
    )


class StageInput(serializers.Serializer):
    stage = serializers.ChoiceField(Stage.choices)
    on = serializers.DateField(**DATE)
    fir_number = serializers.CharField(max_length=40, required=False, allow_blank=True)


class OffenceInput(serializers.Serializer):
    offence_code = serializers.CharField(max_length=30)


class VictimLinkInput(serializers.Serializer):
    case = RecordIdField(help_text="a case you may see")
    protection_measures = serializers.ListField(
        child=serializers.ChoiceField(ProtectionMeasure.choices), required=False, max_length=10
    )


class ProtectionInput(serializers.Serializer):
    protection_measures = serializers.ListField(
        child=serializers.ChoiceField(ProtectionMeasure.choices), max_length=10, allow_empty=True
    )


class HearingInput(serializers.Serializer):
    on = serializers.DateField(**DATE)
    court_name = serializers.CharField(max_length=120)
    purpose = serializers.CharField(max_length=120, required=False, allow_blank=True)


class OutcomeInput(serializers.Serializer):
    outcome = serializers.ChoiceField(Outcome.choices)
    on = serializers.DateField(**DATE)
    sentence = serializers.CharField(max_length=500, required=False, allow_blank=True)
    fine_rupees = serializers.IntegerField(min_value=0, max_value=10**12, required=False)
    compensation_ordered_rupees = serializers.IntegerField(
        min_value=0, max_value=10**12, required=False
    )


class CompensationInput(serializers.Serializer):
    amount_rupees = serializers.IntegerField(min_value=0, max_value=10**12)


class EvidenceInput(serializers.Serializer):
    kind = serializers.ChoiceField(EvidenceKind.choices)
    description = serializers.CharField(max_length=2000)
    collected_on = serializers.DateField(**DATE)
    sha256 = serializers.CharField(max_length=64, required=False, allow_blank=True)


class CustodyInput(serializers.Serializer):
    received_on = serializers.DateTimeField()
    holder = RecordIdField(required=False, help_text="a user of the investigating agency")
    holder_outside = serializers.CharField(max_length=200, required=False, allow_blank=True)
    purpose = serializers.CharField(max_length=120, required=False, allow_blank=True)


class SuspectInput(serializers.Serializer):
    suspect = RecordIdField(required=False, help_text="an existing suspect of your agency")
    kind = serializers.ChoiceField(SuspectKind.choices, required=False)
    role = serializers.ChoiceField(SuspectRole.choices, required=False)
    name_roman = serializers.CharField(max_length=160, required=False, allow_blank=True)
    name_ur = serializers.CharField(max_length=160, required=False, allow_blank=True)
    cnic = serializers.CharField(max_length=15, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    oep_licence = serializers.CharField(max_length=20, required=False, allow_blank=True)
    possible_victim = serializers.BooleanField(required=False, default=False)
    non_punishment_considered = serializers.BooleanField(required=False, default=False)
    non_punishment_note = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class LinkDecisionInput(serializers.Serializer):
    other = RecordIdField()
    decision = serializers.ChoiceField(LinkDecision.choices)


def user_name(user) -> str:
    return user.get_full_name() or user.get_username()


class OffenceVersionOutput(serializers.ModelSerializer):
    # Plain strings: "yes", "no" or "unknown" (one enum for three fields made the schema warn).
    court = serializers.CharField()
    cognizable = serializers.CharField()
    bailable = serializers.CharField()
    compoundable = serializers.CharField()
    code = serializers.CharField(source="offence.code")
    law = serializers.CharField(source="offence.law")
    section = serializers.CharField(source="offence.section")
    title_en = serializers.CharField(source="offence.title_en")
    title_ur = serializers.CharField(source="offence.title_ur")

    class Meta:
        model = OffenceVersion
        fields = [
            "id",
            "code",
            "law",
            "section",
            "title_en",
            "title_ur",
            "in_force_from",
            "in_force_to",
            "penalty",
            "court",
            "cognizable",
            "bailable",
            "compoundable",
            "verification",
            "source",
            "note",
            "catalogue_version",
        ]


class InvestigationListOutput(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")
    investigating_officer = serializers.SerializerMethodField()

    class Meta:
        model = Investigation
        fields = [
            "id",
            "reference",
            "agency",
            "complaint_number",
            "complaint_date",
            "fir_number",
            "fir_date",
            "stage",
            "stage_since",
            "next_hearing",
            "outcome",
            "investigating_officer",
        ]

    def get_investigating_officer(self, obj) -> str:
        return user_name(obj.investigating_officer)


class StageEventOutput(serializers.Serializer):
    stage = serializers.CharField()
    on = serializers.DateField()


class HearingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    on = serializers.DateField()
    court_name = serializers.CharField()
    purpose = serializers.CharField()


class VictimLinkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    case_reference = serializers.CharField(source="case.reference")
    protection_measures = serializers.ListField(child=serializers.CharField())


class AccusedOutput(serializers.Serializer):
    suspect = serializers.IntegerField(source="suspect_id")
    kind = serializers.CharField(source="suspect.kind")
    role = serializers.CharField(source="suspect.role")
    name_roman = serializers.CharField(source="suspect.name_roman")
    name_ur = serializers.CharField(source="suspect.name_ur")
    oep_licence = serializers.CharField(source="suspect.oep_licence")
    status = serializers.CharField()
    possible_victim = serializers.BooleanField()
    non_punishment_considered = serializers.BooleanField()


class CustodyOutput(serializers.Serializer):
    holder = serializers.SerializerMethodField()
    holder_outside = serializers.CharField()
    received_on = serializers.DateTimeField()
    purpose = serializers.CharField()

    def get_holder(self, obj) -> str | None:
        return user_name(obj.holder) if obj.holder_id else None


class EvidenceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    description = serializers.CharField()
    sha256 = serializers.CharField()
    collected_on = serializers.DateField()
    custody = CustodyOutput(many=True)


class InvestigationDetailOutput(InvestigationListOutput):
    offences = serializers.SerializerMethodField()
    stage_events = StageEventOutput(many=True)
    hearings = HearingOutput(many=True)
    victim_links = VictimLinkOutput(many=True)
    accused = AccusedOutput(many=True)
    evidence = EvidenceOutput(many=True)

    class Meta(InvestigationListOutput.Meta):
        fields = InvestigationListOutput.Meta.fields + [
            "outcome_date",
            "sentence",
            "fine_rupees",
            "compensation_ordered_rupees",
            "compensation_paid_rupees",
            "offences",
            "stage_events",
            "hearings",
            "victim_links",
            "accused",
            "evidence",
        ]

    def get_offences(self, obj) -> list[dict]:
        return OffenceVersionOutput([c.offence_version for c in obj.offences.all()], many=True).data


class MatchOutput(serializers.Serializer):
    suspect = serializers.IntegerField(allow_null=True, help_text="null: another agency's record")
    name_roman = serializers.CharField(allow_blank=True)
    agency = serializers.CharField()
    basis = serializers.ListField(child=serializers.CharField())
    decision = serializers.CharField(allow_blank=True)
    ask_this_agency = serializers.BooleanField()


class SummaryOutput(serializers.Serializer):
    investigation_reference = serializers.CharField()
    agency = serializers.CharField()
    stage = serializers.CharField()
    stage_label = serializers.CharField()
    next_hearing = serializers.DateField(allow_null=True)
    protection_measures = serializers.ListField(child=serializers.CharField())


class OverdueOutput(serializers.Serializer):
    id = serializers.IntegerField(source="investigation.id")
    reference = serializers.CharField(source="investigation.reference")
    agency = serializers.CharField(source="investigation.agency.name")
    district = serializers.CharField(source="investigation.district.name_en", default="")
    stage = serializers.CharField(source="investigation.stage")
    since = serializers.DateField()
    days = serializers.IntegerField()
    limit_days = serializers.IntegerField(source="limit.days")
    limit_source = serializers.CharField(source="limit.source")
    limit_verification = serializers.CharField(source="limit.verification")


def user_by_id(user_id) -> User | None:
    """A user by id for the action to check; an unknown id is the same 404 as another agency's."""
    from rihai.accounts.access import RecordNotFound

    if not user_id:
        return None
    found = User.objects.filter(pk=user_id).first()
    if found is None:
        raise RecordNotFound
    return found


class SuspectRowOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    role = serializers.CharField()
    name_roman = serializers.CharField()
    name_ur = serializers.CharField()
    oep_licence = serializers.CharField()
    agency = serializers.CharField(source="agency.name")


class SuspectSearchOutput(serializers.Serializer):
    results = SuspectRowOutput(many=True)
    elsewhere = serializers.ListField(
        child=serializers.CharField(), help_text="agencies holding a match: ask them"
    )


class SuspectSearchInput(serializers.Serializer):
    q = serializers.CharField(
        max_length=120,
        help_text="A CNIC, phone or OEP licence (exact, through blind indexes) or a name in "
        "Urdu or Roman script (phonetic key).",
    )
