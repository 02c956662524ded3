"""The form for a survivor's account of a recruiter (validated again by the action)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RecruiterRole


class RecruiterForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=RecruiterRole.choices)
    name_roman = forms.CharField(
        label=_("name (Roman Urdu / English)"), max_length=160, required=False
    )
    name_ur = forms.CharField(label=_("name (Urdu script)"), max_length=160, required=False)
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    cnic = forms.CharField(label=_("CNIC"), max_length=15, required=False)
    agency_named = forms.CharField(label=_("agency named"), max_length=160, required=False)
    oep_licence = forms.CharField(label=_("OEP licence number"), max_length=20, required=False)
