"""The coded values of case work (gettext labels shared by models, forms and serializers)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoteKind(models.TextChoices):
    CONTACT = "contact", _("Contact")
    VISIT = "visit", _("Visit")
    CALL = "call", _("Call")
    OBSERVATION = "observation", _("Observation")


class FlagKind(models.TextChoices):
    RETRAFFICKING = "retrafficking", _("Risk of re-trafficking")
    NO_FAMILY_CONTACT = "no-family-contact", _("Do not contact the family")
    INTERPRETER = "interpreter", _("Interpreter needed")
    SECURITY = "security", _("Security risk")
