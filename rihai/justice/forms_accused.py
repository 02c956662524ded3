"""Forms for an accused's status and a suspect ↔ survivor's-account decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AccusedStatus, LinkDecision
from .forms import DATE_WIDGET


class AccusedStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("new status"),
        choices=[c for c in AccusedStatus.choices if c[0] != AccusedStatus.NAMED],
    )
    on = forms.DateField(label=_("date"), widget=DATE_WIDGET)


class RecruiterLinkForm(forms.Form):
    account = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=LinkDecision.choices, widget=forms.HiddenInput)
