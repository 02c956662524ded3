from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the six digits shown in your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}
        ),
    )


class LoginForm(AuthenticationForm):
    """Django's sign-in form with Rihai's own labels, so both languages are complete."""

    username = UsernameField(
        label=_("Username"), widget=forms.TextInput(attrs={"autofocus": True, "dir": "ltr"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "dir": "ltr"}),
    )

    # Django's own wording has no Urdu translation; ours says the same in both languages.
    error_messages = {
        "invalid_login": _(
            "The username or password is wrong. Both are case-sensitive: check the keyboard "
            "language and Caps Lock."
        ),
        "inactive": _("This account is inactive. Ask your administrator."),
    }


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        label=_("Enrolment code from your administrator or supervisor"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )


class IssueEnrolmentCodeForm(forms.Form):
    user = forms.ModelChoiceField(label=_("User"), queryset=None)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
