"""Web forms for persons and cases. They validate shape; the actions validate meaning."""

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from rihai.accounts.models import Agency, User
from rihai.accounts.queries import users_who_can_hold_cases

from . import validators as v
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
from .countries import COMMON_COUNTRIES
from .models import Person

LTR = {"dir": "ltr"}


class PersonForm(forms.ModelForm):
    date_of_birth = forms.DateField(
        label=_("date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **LTR}),
        validators=[v.validate_plausible_birth_date],
    )

    class Meta:
        model = Person
        fields = [
            "name_ur",
            "name_roman",
            "parentage_relation",
            "parentage_name",
            "sex",
            "date_of_birth",
            "estimated_age",
            "cnic",
            "bform",
            "passport",
            "phone",
            "address",
            "province",
            "district",
            "has_disability",
            "guardian_name",
            "guardian_relation",
            "guardian_phone",
        ]
        widgets = {
            "name_ur": forms.TextInput(attrs={"dir": "rtl", "lang": "ur"}),
            "name_roman": forms.TextInput(attrs=LTR),
            "cnic": forms.TextInput(attrs={"placeholder": "12345-1234567-1", **LTR}),
            "bform": forms.TextInput(attrs={"placeholder": "12345-1234567-1", **LTR}),
            "passport": forms.TextInput(attrs=LTR),
            "phone": forms.TextInput(attrs={"placeholder": "0300-1234567", **LTR}),
            "guardian_phone": forms.TextInput(attrs=LTR),
            "address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = PersonSex.choices
        self.fields["parentage_relation"].choices = [("", "—"), *ParentageRelation.choices]

    def action_kwargs(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["date_of_birth"] = data["date_of_birth"].isoformat() if data["date_of_birth"] else ""
        return {
            k: ("" if val is None and k not in ("estimated_age", "province", "district") else val)
            for k, val in data.items()
        }


class CaseFactsForm(forms.Form):
    exploitation_types = forms.MultipleChoiceField(
        label=_("types of exploitation"),
        choices=ExploitationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    means_of_control = forms.MultipleChoiceField(
        label=_("means of control"),
        choices=MeansOfControl.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recruiter_relation = forms.ChoiceField(
        label=_("recruiter's relation to the victim"),
        choices=RecruiterRelation.choices,
        initial=RecruiterRelation.UNKNOWN,
    )
    recruitment_channel = forms.ChoiceField(
        label=_("recruitment channel"),
        choices=RecruitmentChannel.choices,
        initial=RecruitmentChannel.UNKNOWN,
    )
    destination_country = forms.ChoiceField(
        label=_("destination country"), choices=COMMON_COUNTRIES, initial="PK"
    )
    route = forms.MultipleChoiceField(
        label=_("route (countries passed through)"),
        choices=COMMON_COUNTRIES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    exploitation_start = forms.DateField(
        label=_("exploitation began"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **LTR}),
        validators=[v.validate_not_future],
    )
    summary = forms.CharField(
        label=_("summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CaseFactsEditForm(CaseFactsForm):
    # The version the page was drawn from: a save over someone else's newer save is refused
    # with what they changed (rihai/cases/versions.py), never a silent overwrite.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NewCaseForm(CaseFactsForm):
    confirm_new_person = forms.BooleanField(
        label=_("I have checked the possible matches: this is a new person."), required=False
    )


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Reference, CNIC or phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs=LTR),
    )
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("Any")), *CaseStatus.choices], required=False
    )
    exploitation_type = forms.ChoiceField(
        label=_("types of exploitation"),
        choices=[("", _("Any")), *ExploitationType.choices],
        required=False,
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    open = forms.BooleanField(label=_("Open cases only"), required=False)
    awaiting_approval = forms.BooleanField(label=_("Waiting for approval"), required=False)
    created_from = forms.DateField(
        label=_("from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **LTR}),
        validators=[v.validate_date_in_range],
    )
    created_to = forms.DateField(
        label=_("to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **LTR}),
        validators=[v.validate_date_in_range],
    )


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("new status"), choices=CaseStatus.choices)
    reason = forms.CharField(
        label=_("reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsentForm(forms.Form):
    person = forms.TypedChoiceField(label=_("person"), coerce=int)
    recipient = forms.ModelChoiceField(
        label=_("recipient agency"), queryset=Agency.objects.active()
    )
    purpose = forms.ChoiceField(label=_("purpose"), choices=ConsentPurpose.choices)
    expires_on = forms.DateTimeField(
        label=_("expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **LTR}),
        validators=[v.validate_date_in_range],
    )
    given_by_guardian = forms.BooleanField(label=_("given by a guardian"), required=False)
    guardian_name = forms.CharField(label=_("guardian's name"), required=False, max_length=120)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(m.person.pk, m.person.display_name) for m in members]


class HtcdsImportForm(forms.Form):
    file = forms.FileField(
        label=_("HTCDS 2.0 file (JSON)"),
        help_text=_("A case exported from Rihai or another HTCDS system."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2_000_000:
            raise forms.ValidationError(_("The file is too large (2 MB at most)."))
        return upload


class ExportForm(forms.Form):
    """What an export needs to pass the consent gate, and an optional package passphrase."""

    purpose = forms.ChoiceField(label=_("purpose"), choices=ConsentPurpose.choices)
    recipient = forms.ModelChoiceField(
        label=_("recipient agency"),
        queryset=Agency.objects.active(),
        required=False,
        help_text=_("The agency receiving the file; consent must name it and the purpose."),
    )
    legal_basis = forms.ChoiceField(label=_("legal basis"), choices=[("", "—")], required=False)
    legal_reference = forms.CharField(
        label=_("legal reference"),
        required=False,
        max_length=120,
        help_text=_("The number of the order or written request."),
    )
    override_reason = forms.CharField(
        label=_("reason for the override"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Supervisors only, when there is neither consent nor a legal basis."),
    )
    passphrase = forms.CharField(
        label=_("package passphrase"),
        required=False,
        min_length=12,
        max_length=200,
        widget=forms.PasswordInput(attrs=LTR),
        help_text=_(
            "At least 12 characters: the file is then an encrypted package. Tell the "
            "passphrase to the recipient by phone, never with the file."
        ),
    )

    def __init__(self, *args, **kwargs):
        from .consent_gate import LegalBasis

        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].choices = [("", "—"), *LegalBasis.choices]


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.get_full_name() or user.username} ({user.get_sex_display()})"


class AssignmentForm(forms.Form):
    assigned_to = WorkerChoiceField(label=gettext_lazy("case worker"), queryset=User.objects.none())
    note = forms.CharField(
        label=gettext_lazy("why not a female case worker"),
        help_text=gettext_lazy(
            "Only for a female survivor given to a male case worker; a supervisor must record why."
        ),
        required=False,
        max_length=300,
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = users_who_can_hold_cases(agency).order_by(
            "first_name", "last_name", "username"
        )


class OpenCaseForm(CaseFactsForm):
    assigned_to = WorkerChoiceField(
        label=gettext_lazy("case worker"),
        queryset=User.objects.none(),
        required=False,
        help_text=gettext_lazy("Leave empty to assign by the rules (a woman for a woman)."),
    )
    assignment_note = forms.CharField(
        label=gettext_lazy("why not a female case worker"), required=False, max_length=300
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = users_who_can_hold_cases(agency).order_by(
            "first_name", "last_name", "username"
        )


class FamilyForm(PersonForm):
    relation = forms.CharField(
        label=gettext_lazy("relation to the primary survivor"),
        max_length=40,
        help_text=gettext_lazy("e.g. wife, son, brother"),
    )
    # A CNIC already registered is refused unless the user confirms a new record (duplicates.py).
    confirm_new_person = forms.BooleanField(
        label=_("I have checked the possible matches: this is a new person."), required=False
    )

    class Meta(PersonForm.Meta):
        fields = [
            f
            for f in PersonForm.Meta.fields
            if f not in ("address", "guardian_name", "guardian_relation", "guardian_phone")
        ]
