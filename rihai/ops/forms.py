"""Forms of the holds and erasure pages: they shape input; the actions decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rihai.core.plugins import NO_MANUAL_HOLD, retention_rules

from .models import ErasureBasis


def holdable_types() -> list[tuple[str, str]]:
    return [
        (code, rule.label)
        for code, rule in retention_rules().items()
        if rule.lock != NO_MANUAL_HOLD
    ]


def record_number(value: str) -> str:
    """ "P-12", "12" or " 12 " → "12": people copy the id as the pages show it."""
    text = (value or "").strip()
    if "-" in text and text.split("-", 1)[0].isalpha():
        text = text.split("-", 1)[1].strip()
    if not text.isdigit():
        raise ValidationError(
            _("Give the record's number, as its page shows it (for example P-12).")
        )
    return text


class PlaceHoldForm(forms.Form):
    record_type = forms.ChoiceField(label=_("Type of record"), choices=())
    object_id = forms.CharField(
        label=_("Record number"),
        max_length=20,
        help_text=_("As its page shows it, e.g. P-12 or 12."),
    )
    reason = forms.CharField(
        label=_("Why it is held"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The proceedings (FIR, court, case number) or the decision. Kept encrypted."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = holdable_types()

    def clean_object_id(self):
        return record_number(self.cleaned_data["object_id"])


class LiftHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the hold is lifted"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class ErasureRequestForm(forms.Form):
    person = forms.CharField(
        label=_("Person"), max_length=20, help_text=_("The person's number, e.g. P-12.")
    )
    basis = forms.ChoiceField(label=_("Ground"), choices=ErasureBasis.choices)

    def clean_person(self):
        return int(record_number(self.cleaned_data["person"]))
