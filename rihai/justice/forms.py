"""Web forms for investigations. They validate shape; the actions validate meaning."""

from django import forms
from django.utils.translation import gettext_lazy as _

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

LTR = {"dir": "ltr"}
DATE_WIDGET = forms.DateInput(attrs={"type": "date", **LTR})


def _date(label, **kw):
    return forms.DateField(
        label=label, widget=DATE_WIDGET, validators=[validate_date_in_range], **kw
    )


def offence_choices():
    from .models import Offence

    return [(o.code, str(o)) for o in Offence.objects.order_by("law", "code")]


class NewInvestigationForm(forms.Form):
    complaint_number = forms.CharField(label=_("complaint or inquiry number"), max_length=40)
    complaint_date = _date(_("complaint received on"))
    offence_codes = forms.MultipleChoiceField(
        label=_("offences"),
        required=False,
        choices=offence_choices,
        widget=forms.CheckboxSelectMultiple,
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("next stage"), choices=Stage.choices)
    on = _date(_("date"))
    fir_number = forms.CharField(label=_("FIR number"), max_length=40, required=False)


class OffenceForm(forms.Form):
    offence_code = forms.ChoiceField(label=_("offence"), choices=offence_choices)


class VictimLinkForm(forms.Form):
    case_reference = forms.CharField(
        label=_("case reference"),
        max_length=40,
        help_text=_("A case you may see, e.g. TFIA-2024-00001."),
    )
    protection_measures = forms.MultipleChoiceField(
        label=_("protection measures"),
        required=False,
        choices=ProtectionMeasure.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class ProtectionForm(forms.Form):
    measures = forms.MultipleChoiceField(
        label=_("protection measures"),
        required=False,
        choices=ProtectionMeasure.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class HearingForm(forms.Form):
    on = _date(_("hearing date"))
    court_name = forms.CharField(label=_("court"), max_length=120)
    purpose = forms.CharField(label=_("purpose"), max_length=120, required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=Outcome.choices)
    on = _date(_("date"))
    sentence = forms.CharField(label=_("sentence"), max_length=500, required=False)
    fine_rupees = forms.IntegerField(
        label=_("fine (Rs)"), min_value=0, max_value=10**12, required=False
    )
    compensation_ordered_rupees = forms.IntegerField(
        label=_("compensation ordered to the victim (Rs)"),
        min_value=0,
        max_value=10**12,
        required=False,
    )


class CompensationForm(forms.Form):
    amount_rupees = forms.IntegerField(
        label=_("compensation paid to the victim (Rs)"), min_value=0, max_value=10**12
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=EvidenceKind.choices)
    description = forms.CharField(
        label=_("description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    collected_on = _date(_("collected on"))
    sha256 = forms.CharField(
        label=_("SHA-256"), max_length=64, required=False, widget=forms.TextInput(attrs=LTR)
    )


class CustodyForm(forms.Form):
    received_on = forms.DateTimeField(
        label=_("received on"), widget=forms.DateTimeInput(attrs={"type": "datetime-local", **LTR})
    )
    holder_outside = forms.CharField(
        label=_("holder outside Rihai"), max_length=200, required=False
    )
    purpose = forms.CharField(label=_("purpose"), max_length=120, required=False)


class SuspectForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=SuspectKind.choices)
    role = forms.ChoiceField(label=_("role"), choices=SuspectRole.choices)
    name_roman = forms.CharField(
        label=_("name (Roman Urdu / English)"),
        max_length=160,
        required=False,
        widget=forms.TextInput(attrs=LTR),
    )
    name_ur = forms.CharField(
        label=_("name (Urdu script)"),
        max_length=160,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ur"}),
    )
    cnic = forms.CharField(
        label=_("CNIC"), max_length=15, required=False, widget=forms.TextInput(attrs=LTR)
    )
    phone = forms.CharField(
        label=_("phone"), max_length=30, required=False, widget=forms.TextInput(attrs=LTR)
    )
    oep_licence = forms.CharField(
        label=_("OEP licence number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs=LTR),
    )
    address = forms.CharField(label=_("address"), max_length=500, required=False)
    possible_victim = forms.BooleanField(
        label=_("may be a victim compelled to act"), required=False
    )
    non_punishment_considered = forms.BooleanField(
        label=_("non-punishment principle (PTPA s.6) considered"), required=False
    )
    non_punishment_note = forms.CharField(
        label=_("why they are still a suspect"), max_length=1000, required=False
    )


class LinkDecisionForm(forms.Form):
    other = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=LinkDecision.choices, widget=forms.HiddenInput)
