"""Page input for the case work. Forms check shape; the actions check meaning again (the API
and a background job reach them without a form), with the same bilingual messages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import FlagKind, NoteKind
from .files import max_bytes, too_large

LTR = {"dir": "ltr"}


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of note"), choices=NoteKind.choices)
    text = forms.CharField(
        label=_("note"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        error_messages={"required": _("Write the note before saving it.")},
    )
    confidential = forms.BooleanField(
        label=_("confidential"),
        required=False,
        help_text=_("Only the case worker of this case and the agency's supervisors will read it."),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("title"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        error_messages={"required": _("Give the document a title.")},
    )
    file = forms.FileField(
        label=_("file (PDF, PNG or JPEG)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
        error_messages={"required": _("Choose a file.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before it is read into memory.
        if upload.size > max_bytes():
            raise forms.ValidationError(too_large().message_dict["file"])
        return upload


class TaskForm(forms.Form):
    title = forms.CharField(
        label=_("task"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        error_messages={"required": _("Say what is to be done.")},
    )
    due_on = forms.DateField(
        label=_("due on"),
        widget=forms.DateInput(attrs={"type": "date", **LTR}),
        error_messages={"required": _("Give a due date.")},
    )
    assigned_to = forms.TypedChoiceField(label=_("assigned to"), coerce=int)

    def __init__(self, *args, assignees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = [
            (u.pk, u.get_full_name() or u.username) for u in assignees
        ]

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due_on


class FlagForm(forms.Form):
    kind = forms.ChoiceField(label=_("flag"), choices=FlagKind.choices)
    reason = forms.CharField(
        label=_("reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        error_messages={"required": _("Give the reason for this flag.")},
    )


class LiftFlagForm(forms.Form):
    lift_reason = forms.CharField(
        label=_("reason for lifting"),
        max_length=2000,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        error_messages={"required": _("Give the reason for lifting this flag.")},
    )
