"""Forms of the screening pages: they check the input's shape; the actions check its meaning."""

from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _

from .models.ads import ReviewStatus

APP_FLAGS = {
    "licence-unknown": _("Licence not in the OEP registry"),
    "licence-expired": _("Licence expired"),
    "licence-cancelled": _("Licence cancelled"),
    "licence-suspended": _("Licence suspended"),
    "phone-not-on-record": _("Phone not registered for this licence"),
}
LANGUAGES = [
    ("", _("any language")),
    ("en", _("English")),
    ("ur", _("Urdu")),
    ("roman-ur", _("Roman Urdu")),
    ("mixed", _("mixed")),
    ("ar", _("Arabic")),
    ("und", _("undetermined")),
]
BANDS = [("", _("any risk")), ("high", _("high")), ("medium", _("medium")), ("low", _("low"))]


@cache
def _rule_ids() -> list[str]:
    from adscreen import default_rules

    return [rule.id for rule in default_rules().rules]


def flag_choices():
    return [("", _("any flag")), *APP_FLAGS.items(), *((r, r) for r in _rule_ids())]


class QueueFilterForm(forms.Form):
    band = forms.ChoiceField(label=_("risk"), choices=BANDS, required=False)
    status = forms.ChoiceField(
        label=_("review"), choices=[("", _("any")), *ReviewStatus.choices], required=False
    )
    language = forms.ChoiceField(label=_("language"), choices=LANGUAGES, required=False)
    source = forms.CharField(label=_("source"), max_length=60, required=False)
    destination = forms.CharField(
        label=_("destination (country code)"), max_length=2, required=False
    )
    flag = forms.ChoiceField(label=_("flag"), choices=flag_choices, required=False)
    network = forms.IntegerField(label=_("network"), min_value=1, required=False)
    date_from = forms.DateField(
        label=_("added from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("added until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("file"),
        help_text=_("JSONL (one JSON object per line) or CSV with the columns id and text."),
    )


class RegistryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("OEP list (CSV)"),
        help_text=_(
            "Columns: licence, name, status (valid, expired, cancelled, suspended); optional: "
            "city, valid_from, valid_until (YYYY-MM-DD), phones and addresses (separated by ;)."
        ),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[c for c in ReviewStatus.choices if c[0] != ReviewStatus.NEW],
        widget=forms.RadioSelect,
    )
    target_agency = forms.ModelChoiceField(
        label=_("send the lead to"), queryset=None, required=False
    )
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        from .actions import lead_targets

        super().__init__(*args, **kwargs)
        self.fields["target_agency"].queryset = lead_targets()


class RegistrySearchForm(forms.Form):
    q = forms.CharField(label=_("licence number or name"), max_length=120, required=False)
