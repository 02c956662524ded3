"""API input and output shapes for ad screening."""

import json

from rest_framework import serializers

from rihai.accounts.models import Agency

from .forms import LANGUAGES
from .models import Ad, AdBatch, AdDecision, Lead, Promoter
from .models.ads import ReviewStatus
from .reasons import with_labels


class BatchInput(serializers.Serializer):
    """A JSON body carries the file's text; a multipart body carries the file."""

    file = serializers.FileField(required=False)
    content = serializers.CharField(required=False, trim_whitespace=False, max_length=50_000_000)
    file_name = serializers.CharField(required=False, max_length=200, default="")

    def validate(self, attrs):
        if not attrs.get("file") and not attrs.get("content"):
            raise serializers.ValidationError("Send a file or its content.")
        return attrs

    def to_action_kwargs(self) -> dict:
        data = self.validated_data
        if data.get("file"):
            upload = data["file"]
            return {"content": upload.read(), "file_name": data.get("file_name") or upload.name}
        return {"content": data["content"].encode("utf-8"), "file_name": data["file_name"]}


class AdRejectOutput(serializers.Serializer):
    line = serializers.IntegerField()
    reason = serializers.CharField(help_text="a code: no-text, bad-json, bad-csv, ...")
    label = serializers.CharField(help_text="the reason in the request's language")


class BatchOutput(serializers.ModelSerializer):
    rejects = serializers.SerializerMethodField()
    duplicate_upload = serializers.SerializerMethodField()

    class Meta:
        model = AdBatch
        fields = [
            "id",
            "file_name",
            "file_format",
            "status",
            "uploaded_on",
            "total_lines",
            "cursor",
            "progress_percent",
            "ads_new",
            "ads_seen_before",
            "cancel_requested",
            "finished_on",
            "rejects",
            "duplicate_upload",
        ]

    def get_rejects(self, batch) -> list[dict]:
        return AdRejectOutput(with_labels(batch.rejects[:1000]), many=True).data

    def get_duplicate_upload(self, batch) -> bool:
        return bool(self.context.get("duplicate"))


class AdListOutput(serializers.ModelSerializer):
    flags = serializers.SerializerMethodField()
    app_flags = serializers.SerializerMethodField()
    destinations = serializers.SerializerMethodField()

    class Meta:
        model = Ad
        fields = [
            "id",
            "score",
            "band",
            "language",
            "source",
            "captured_on",
            "created_on",
            "flags",
            "app_flags",
            "destinations",
            "network",
            "review_status",
        ]

    def get_flags(self, ad) -> list[str]:
        return Ad.split(ad.flag_codes)

    def get_app_flags(self, ad) -> list[str]:
        return Ad.split(ad.app_flags)

    def get_destinations(self, ad) -> list[str]:
        return Ad.split(ad.destinations)


class AdFlagOutput(serializers.Serializer):
    rule_id = serializers.CharField()
    category = serializers.CharField()
    weight = serializers.FloatField()
    span = serializers.ListField(child=serializers.IntegerField())
    explanation_en = serializers.CharField()
    explanation_ur = serializers.CharField()


class AdDetailOutput(AdListOutput):
    flags = AdFlagOutput(many=True)
    entities = serializers.SerializerMethodField()

    class Meta(AdListOutput.Meta):
        fields = [
            *AdListOutput.Meta.fields,
            "text",
            "normalized_text",
            "url",
            "entities",
            "model_version",
            "rules_version",
        ]

    def get_entities(self, ad) -> dict:
        return json.loads(ad.entities or "{}")


class AdQueueFilterInput(serializers.Serializer):
    band = serializers.ChoiceField(["high", "medium", "low"], required=False)
    status = serializers.ChoiceField(ReviewStatus.choices, required=False)
    language = serializers.ChoiceField([c for c, _l in LANGUAGES if c], required=False)
    source = serializers.CharField(required=False, max_length=60)
    destination = serializers.CharField(required=False, max_length=2)
    flag = serializers.CharField(required=False, max_length=60)
    network = serializers.IntegerField(required=False, min_value=1)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


class AdDecisionInput(serializers.Serializer):
    # Every review state (one enum in the schema); "new" is refused by the action.
    decision = serializers.ChoiceField(ReviewStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    target_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.active(), required=False, allow_null=True, default=None
    )


class AdDecisionOutput(serializers.ModelSerializer):
    lead = serializers.SerializerMethodField()

    class Meta:
        model = AdDecision
        fields = ["id", "ad", "decision", "note", "agency", "decided_by", "decided_on", "lead"]

    def get_lead(self, decision) -> int | None:
        lead = Lead.objects.filter(decision=decision).values_list("pk", flat=True).first()
        return lead


class PromoterOutput(serializers.ModelSerializer):
    class Meta:
        model = Promoter
        fields = ["licence", "name", "city", "status", "valid_from", "valid_until", "phones"]


class RecruiterVerificationOutput(serializers.Serializer):
    status = serializers.ChoiceField(
        ["valid", "expired", "cancelled", "suspended", "unknown", "ambiguous"]
    )
    promoters = PromoterOutput(many=True)


class RecruiterVerifyInput(serializers.Serializer):
    q = serializers.CharField(max_length=120, help_text="a licence number (NNNN/CITY) or a name")


class RegistryImportInput(serializers.Serializer):
    file = serializers.FileField()


class RegistryImportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    file_name = serializers.CharField()
    report = serializers.SerializerMethodField()

    def get_report(self, made) -> dict:
        report = dict(made.report)
        report["errors"] = with_labels(report.get("errors", []))
        return report
