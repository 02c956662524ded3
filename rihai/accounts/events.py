"""Audit events of the accounts app beyond the shared verbs (declared in ``plugin.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountEvent(models.TextChoices):
    ACCESS_REQUESTED = "access-requested", _("Privileged change requested")
    ACCESS_APPROVED = "access-approved", _("Privileged change approved")
    ACCESS_REJECTED = "access-rejected", _("Privileged change rejected")
    PASSWORD_RESET = "password-reset", _("Password reset by an administrator")
    MFA_RESET = "mfa-reset", _("Two-factor device reset")
    ENROLMENT_CODE_ISSUED = "enrolment-code-issued", _("Two-factor enrolment code issued")
    ROLE_CREATED = "role-created", _("Role created")
    SUPERUSER_CREATED = "superuser-created", _("Superuser created")
