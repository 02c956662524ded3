"""What django-axes keeps of a failed sign-in's typed username (``AXES_USERNAME_CALLABLE``).

Axes counts failures per (username, address) in ``AccessAttempt`` rows and would store the
text typed into the username box as it is. Text that names no account may be a mistyped
password or a survivor's name typed into the wrong box, so it is replaced by a keyed hash:
the same text from the same address still counts towards the same lockout, and nothing typed
is kept. A username that names an account is kept as it is (it is that account's name, and a
successful sign-in must reset its counter). The audit chain keeps neither
(``rihai.audit.denials.record_failed_sign_in``).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.crypto import salted_hmac

UNKNOWN_PREFIX = "unknown:"


def typed_username(request, credentials) -> str:
    """The username as axes would read it: from the credentials, else from the form."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        return credentials.get(field) or ""
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return data.get(field) or ""


def lockout_username(request, credentials=None) -> str:
    """The account's username if the typed text names one; otherwise a keyed hash of it."""
    typed = typed_username(request, credentials)
    if not typed:
        return typed
    user_model = get_user_model()
    if user_model._default_manager.filter(**{user_model.USERNAME_FIELD: typed}).exists():
        return typed
    digest = salted_hmac("rihai.accounts.lockout", typed, algorithm="sha256").hexdigest()
    return UNKNOWN_PREFIX + digest[:40]
