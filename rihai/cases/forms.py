"""Web forms for persons and cases. They validate shape; the actions validate meaning."""

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from rihai.accounts.models import Agency, User
from rihai.accounts.queries import users_who_can_hold_cases
from rihai.core import validators as v
from rihai.core.countries import COMMON_COUNTRIES
from rihai.geo.queries import districts

from .choices import (
    CaseStatus,
    ConsentPurpose,
    ExploitationType,
    Language,
    MeansOfControl,
    ParentageRelation,
    PersonSex,
    RecruiterRelation,
    RecruitmentChannel,
)
from .models import Person

LTR = {"dir": "ltr"}


class IsoDateInput(forms.DateInput):
    """A date typed as 2026-12-02 in both languages. A browser's date picker shows the
    browser's locale order (mm/dd/yyyy), which differs from every page that shows the date."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": "YYYY-MM-DD",
                "inputmode": "numeric",
                "pattern": r"\d{4}-\d{2}-\d{2}",
                "autocomplete": "off",
                "class": "date",
                **LTR,
                **(attrs or {}),
            },
            format="%Y-%m-%d",
        )


class PersonForm(forms.ModelForm):
    date_of_birth = forms.DateField(
        label=_("date of birth"),
        required=False,
        widget=IsoDateInput(),
        validators=[v.validate_plausible_birth_date],
        help_text=_("YYYY-MM-DD. If unknown, give an estimated age."),
    )
    nationality = forms.ChoiceField(
        label=_("nationality"), choices=COMMON_COUNTRIES, initial="PK", required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("languages spoken"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
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
            "nationality",
            "cnic",
            "bform",
            "passport",
            "phone",
            "address",
            "province",
            "district",
            "languages",
            "needs_interpreter",
            "has_disability",
            "disability_notes",
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
            "disability_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No default sex: a wrong preselected value decides who holds a woman's case.
        self.fields["sex"].choices = [("", _("— choose —")), *PersonSex.choices]
        self.fields["parentage_relation"].choices = [("", "—"), *ParentageRelation.choices]
        if "district" in self.fields:
            districts_of_province(self, self.fields["province"], self.fields["district"])

    def clean_nationality(self):
        return self.cleaned_data.get("nationality") or "PK"  # the model's default

    def action_kwargs(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["date_of_birth"] = data["date_of_birth"].isoformat() if data["date_of_birth"] else ""
        data["languages"] = list(data.get("languages") or [])
        return {
            k: ("" if val is None and k not in ("estimated_age", "province", "district") else val)
            for k, val in data.items()
        }


def districts_of_province(form, province_field, district_field) -> None:
    """Districts grouped by province; once a province is chosen (the form came back), only its
    districts are offered and accepted. Works without JavaScript; district-filter.js only
    hides the other groups at once."""
    province = form[province_field_name(form, province_field)].data if form.is_bound else None
    queryset = districts().order_by("province__name_en", "name_en")
    try:
        chosen = int(province) if province else None
    except (TypeError, ValueError):
        chosen = None
    if chosen:
        queryset = queryset.filter(province_id=chosen)
    district_field.queryset = queryset
    groups: dict = {}
    for district in queryset:
        groups.setdefault(str(district.province), []).append((district.pk, str(district)))
    district_field.choices = [("", "—"), *groups.items()]
    district_field.widget.attrs["data-filter-by"] = form.add_prefix(
        province_field_name(form, province_field)
    )


def province_field_name(form, field) -> str:
    return next(name for name, f in form.fields.items() if f is field)


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
        widget=IsoDateInput(),
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
    """The case part of registration. Confirming a new person despite possible matches is asked
    only after the duplicate check ran (views/registration.py), never before."""


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name, reference, CNIC or phone"),
        help_text=_(
            "Names work in Urdu script and in Roman Urdu (ثمینہ or Samina); a family name "
            "alone finds the person too."
        ),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"dir": "auto", "type": "search"}),
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
        widget=IsoDateInput(),
        validators=[v.validate_date_in_range],
    )
    created_to = forms.DateField(
        label=_("to"),
        required=False,
        widget=IsoDateInput(),
        validators=[v.validate_date_in_range],
    )


# The screening's recommendation, as the status it points to (nothing else is preselected).
RECOMMENDED_STATUS = {"presumed-victim": CaseStatus.PRESUMED}


class StatusForm(forms.Form):
    """A move in the workflow. No dangerous default: the first option is empty, the options
    follow the workflow's order (never a set's), and only the screening's recommendation may
    be preselected."""

    to_status = forms.ChoiceField(label=_("new status"), choices=())
    reason = forms.CharField(
        label=_("reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, allowed=(), recommendation: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            ("", _("— choose —")),
            *[(s, CaseStatus(s).label) for s in CaseStatus.values if s in set(allowed)],
        ]
        recommended = RECOMMENDED_STATUS.get(recommendation)
        if recommended in set(allowed) and not self.is_bound:
            self.initial["to_status"] = recommended


class DecisionForm(forms.Form):
    """A supervisor's answer to a request: a rejection must say why (the requester reads it)."""

    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Reject"))], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(
        label=_("reason (required to reject; the requester reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("approve") is False and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for rejecting this request."))
        return data


class ConsentForm(forms.Form):
    person = forms.TypedChoiceField(label=_("person"), coerce=int)
    recipient = forms.ModelChoiceField(
        label=_("recipient agency"), queryset=Agency.objects.active()
    )
    purpose = forms.ChoiceField(label=_("purpose"), choices=ConsentPurpose.choices)
    expires_on = forms.DateTimeField(
        label=_("expires on"),
        required=False,
        widget=IsoDateInput(),
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
