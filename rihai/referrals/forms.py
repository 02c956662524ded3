"""Forms for the referral pages: they validate and shape input; actions decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rihai.cases.consent_gate import LegalBasis
from rihai.geo.models import District

from .choices import (
    MINIMAL_SHARE,
    BedType,
    DeclineReason,
    DischargeReason,
    PlanItemKind,
    PlanItemStatus,
    ReferralStatus,
    ServiceType,
    SharedField,
)
from .models import Provider


class DirectorySearchForm(forms.Form):
    district = forms.ModelChoiceField(
        District.objects.select_related("province"), required=False, label=_("District")
    )
    need = forms.ChoiceField(
        choices=[("", _("Any need"))] + ServiceType.choices, required=False, label=_("Need")
    )
    q = forms.CharField(required=False, max_length=100, label=_("Name (Urdu or English)"))


class ReferralFilterForm(forms.Form):
    box = forms.ChoiceField(
        choices=[("incoming", _("Addressed to us")), ("sent", _("Sent by us"))],
        required=False,
        label=_("Referrals"),
    )
    status = forms.ChoiceField(
        choices=[("", _("Any status"))] + ReferralStatus.choices, required=False, label=_("Status")
    )
    service_type = forms.ChoiceField(
        choices=[("", _("Any need"))] + ServiceType.choices, required=False, label=_("Need")
    )
    overdue = forms.BooleanField(required=False, label=_("Past the answer deadline"))


class ReferralForm(forms.Form):
    person = forms.TypedChoiceField(coerce=int, label=_("Person"))
    service_type = forms.ChoiceField(choices=ServiceType.choices, label=_("Need"))
    provider = forms.ModelChoiceField(Provider.objects.filter(is_active=True), label=_("Provider"))
    needs = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label=_("What the person needs from this provider"),
    )
    risks = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        label=_("Risks the provider must know"),
    )
    shared_fields = forms.MultipleChoiceField(
        choices=SharedField.choices,
        initial=list(MINIMAL_SHARE),
        widget=forms.CheckboxSelectMultiple,
        label=_("What to share"),
        help_text=_(
            "Share only what the provider needs. CNIC and phone are not shared unless ticked."
        ),
    )
    with_children = forms.BooleanField(required=False, label=_("With her or his children"))
    legal_basis = forms.ChoiceField(
        choices=[("", _("None: the person consented"))] + LegalBasis.choices,
        required=False,
        label=_("Legal basis, if there is no consent"),
    )
    legal_reference = forms.CharField(max_length=120, required=False, label=_("Its reference"))
    override_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        label=_("Supervisor's reason to share without consent"),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(m.person.pk, m.person.display_name) for m in members]


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(choices=DeclineReason.choices, label=_("Reason"))
    note = forms.CharField(max_length=1000, required=False, label=_("Note"))


class WithdrawForm(forms.Form):
    note = forms.CharField(max_length=1000, label=_("Why withdrawn"))


class AdmitForm(forms.Form):
    bed_type = forms.ChoiceField(choices=BedType.choices, label=_("Bed type"))


class DischargeForm(forms.Form):
    reason = forms.ChoiceField(choices=DischargeReason.choices, label=_("Reason"))


class ServiceForm(forms.Form):
    delivered_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(max_length=2000, label=_("What was done"))


class BedsForm(forms.Form):
    bed_type = forms.ChoiceField(choices=BedType.choices, label=_("Bed type"))
    capacity = forms.IntegerField(min_value=0, max_value=2000, label=_("Beds"))


class TransferForm(forms.Form):
    to_agency = forms.ModelChoiceField(queryset=None, label=_("Agency to take the case"))
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label=_("Why this agency should take the case"),
    )

    def __init__(self, *args, exclude_agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        from rihai.accounts.models import Agency

        self.fields["to_agency"].queryset = Agency.objects.active().exclude(pk=exclude_agency_id)


class TransferApprovalForm(forms.Form):
    legal_basis = forms.ChoiceField(
        choices=[("", _("None: the person consented"))] + LegalBasis.choices,
        required=False,
        label=_("Legal basis, if there is no consent"),
    )
    legal_reference = forms.CharField(max_length=120, required=False, label=_("Its reference"))
    override_reason = forms.CharField(
        max_length=1000, required=False, label=_("Supervisor's reason to share without consent")
    )


class TransferAcceptForm(forms.Form):
    assigned_to = forms.ModelChoiceField(queryset=None, required=False, label=_("Case worker"))

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        from rihai.accounts.models import User

        self.fields["assigned_to"].queryset = User.objects.filter(
            agency_id=agency_id,
            is_active=True,
            role__grants__resource="case",
            role__grants__action="change",
        ).distinct()


class NoteForm(forms.Form):
    note = forms.CharField(max_length=1000, required=False, label=_("Note"))


class PlanForm(forms.Form):
    person = forms.TypedChoiceField(coerce=int, label=_("Person"))
    guardian_name = forms.CharField(
        max_length=120, required=False, label=_("Guardian (for a child)")
    )
    best_interests = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
        label=_("Why this plan is in the child's best interests"),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(m.person.pk, m.person.display_name) for m in members]


class PlanItemForm(forms.Form):
    kind = forms.ChoiceField(choices=PlanItemKind.choices, label=_("Kind"))
    description = forms.CharField(max_length=2000, required=False, label=_("Description"))
    due_on = forms.DateField(
        required=False, label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class PlanItemStatusForm(forms.Form):
    status = forms.ChoiceField(choices=PlanItemStatus.choices, label=_("Status"))
    note = forms.CharField(max_length=1000, required=False, label=_("Note"))
