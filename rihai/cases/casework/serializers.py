"""API shapes of the case work (validation only; the actions check meaning)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import CaseDocument, CaseFlag, CaseNote, CaseTask
from .choices import FlagKind, NoteKind


class CaseNoteInput(serializers.Serializer):
    kind = serializers.ChoiceField(NoteKind.choices)
    text = serializers.CharField(max_length=10_000, allow_blank=True)
    confidential = serializers.BooleanField(default=False)


class CaseNoteOutput(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username")

    class Meta:
        model = CaseNote
        fields = ["id", "kind", "text", "confidential", "author", "created_on"]


class CaseDocumentInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True)
    file = serializers.FileField(help_text=_("A PDF, PNG or JPEG file."))


class CaseDocumentOutput(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    uploaded_by = serializers.CharField(source="uploaded_by.username")

    class Meta:
        model = CaseDocument
        fields = ["id", "title", "content_type", "size", "uploaded_by", "uploaded_on"]


class CaseTaskInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True)
    due_on = serializers.DateField()
    assigned_to = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class CaseTaskDoneInput(serializers.Serializer):
    done = serializers.BooleanField()


class CaseTaskOutput(serializers.ModelSerializer):
    assigned_to = serializers.IntegerField(source="assigned_to_id")
    done = serializers.SerializerMethodField()

    class Meta:
        model = CaseTask
        fields = ["id", "title", "due_on", "assigned_to", "done", "done_on"]

    def get_done(self, task) -> bool:
        return task.done_on is not None


class CaseFlagInput(serializers.Serializer):
    kind = serializers.ChoiceField(FlagKind.choices)
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class CaseFlagLiftInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class CaseFlagOutput(serializers.ModelSerializer):
    standing = serializers.BooleanField(source="is_standing")

    class Meta:
        model = CaseFlag
        fields = ["id", "kind", "reason", "standing", "raised_on", "lifted_on", "lift_reason"]


class CaseHistoryOutput(serializers.Serializer):
    when = serializers.DateTimeField(source="event_time")
    who = serializers.CharField(source="acting_username")
    event = serializers.CharField()
    event_label = serializers.CharField(source="get_event_display")
