"""The public forms: short labels, clear limits, and the question that keeps robots out."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rihai.cases.choices import PersonSex
from rihai.geo.models import District

from . import challenge
from .choices import ConcernKind

TEXT_LIMIT = 4000
SHORT_LIMIT = 1000


class ChallengeMixin(forms.Form):
    """A sum to answer, and a hidden field that must stay empty.

    The answer is checked against the question that was shown (its signed token came back
    with the form); a form shown again asks a new question.
    """

    answer = forms.CharField(label="", max_length=3, required=False)
    question_token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitted = (
            (self.data.get("question_token", ""), self.data.get("answer", ""))
            if self.is_bound
            else ("", "")
        )
        question, token = challenge.new_question()
        self.fields["answer"].label = _("To show you are a person: what is %(q)s?") % {
            "q": question
        }
        if self.is_bound:
            self.data = self.data.copy()
            self.data["question_token"], self.data["answer"] = token, ""
        else:
            self.initial["question_token"] = token

    def clean(self):
        cleaned = super().clean()
        if self.data.get("website"):
            raise forms.ValidationError(_("Please try again."))
        token, answer = self.submitted
        if not challenge.answer_is_right(token, answer):
            self.add_error("answer", _("That is not the right answer. Please try again."))
        return cleaned


class ReportForm(ChallengeMixin):
    # What matters first; the question for robots last, just before sending.
    field_order = [
        "urgent",
        "kind",
        "district",
        "what_happened",
        "who",
        "phones",
        "links",
        "contact",
        "answer",
        "website",
        "question_token",
    ]

    urgent = forms.TypedChoiceField(
        label=_("Is someone in danger right now?"),
        choices=[("no", _("No")), ("yes", _("Yes, someone is in danger now"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="no",
    )
    kind = forms.ChoiceField(
        label=_("What is it about?"), choices=ConcernKind.choices, widget=forms.RadioSelect
    )
    district = forms.ModelChoiceField(
        label=_("Where? (district)"),
        queryset=District.objects.order_by("name_en"),
        required=False,
        empty_label=_("I don't know"),
    )
    what_happened = forms.CharField(
        label=_("What happened?"),
        help_text=_("Who was promised what, where, when. Write in Urdu or English."),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    who = forms.CharField(
        label=_("Names of recruiters, agents or agencies (if you know them)"),
        max_length=SHORT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    phones = forms.CharField(
        label=_("Their phone or WhatsApp numbers"),
        max_length=SHORT_LIMIT,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
    )
    links = forms.CharField(
        label=_("Links: ads, pages, social media accounts"),
        max_length=SHORT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
    )
    contact = forms.CharField(
        label=_("How can we reach you? (optional: leave empty to stay anonymous)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your tracking code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"dir": "ltr", "autocomplete": "off", "placeholder": "XXXX-XXXX-XXXX-XXXX"}
        ),
    )


class AdditionForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label=_("Add information"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class CheckOfferForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the job offer or the message here"),
        help_text=_("Nothing you paste is kept, unless you choose to report it."),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
    )


class RecruiterForm(forms.Form):
    query = forms.CharField(
        label=_("Licence number (for example 1234/LHR) or the recruiter's name"),
        max_length=120,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )


class TriageForm(forms.Form):
    from .choices import TriageOutcome

    outcome = forms.ChoiceField(
        label=_("Decision"), choices=TriageOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Why (for your colleagues; the sender does not see it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Only for a case: who the case is for (the report may not name them; a name as the
    # report gives it is enough to start).
    person_name = forms.CharField(
        label=_("For a case: the person's name"),
        help_text=_("As the report gives it; it can be corrected in the case."),
        max_length=120,
        required=False,
    )
    person_sex = forms.ChoiceField(
        label=_("For a case: the person's sex"),
        choices=PersonSex.choices,
        initial=PersonSex.UNKNOWN,
        required=False,
    )

    def clean_person_sex(self):
        return self.cleaned_data.get("person_sex") or PersonSex.UNKNOWN
