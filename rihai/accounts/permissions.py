"""The vocabulary of access: which action, on which resource, over which records (scope)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Resource(models.TextChoices):
    PERSON = "person", _("Persons (personal data)")
    CASE = "case", _("Cases")
    SCREENING = "screening", _("Victim screening")
    CONSENT = "consent", _("Consent")
    REFERRAL = "referral", _("Referrals")
    SERVICE = "service", _("Service directory")
    INVESTIGATION = "investigation", _("Investigations")
    AD = "ad", _("Screened ads and leads")
    REGISTRY = "registry", _("Licensed recruiter registry")
    REPORT = "report", _("Aggregate statistics")
    AUDIT = "audit", _("Audit log")
    USER = "user", _("Users and roles")
    AGENCY = "agency", _("Agencies")
    TRAINING = "training", _("Training")


class Action(models.TextChoices):
    VIEW = "view", _("View")
    CREATE = "create", _("Create")
    CHANGE = "change", _("Change")
    APPROVE = "approve", _("Approve")
    EXPORT = "export", _("Export")


class Scope(models.IntegerChoices):
    """Which records a grant covers; larger numbers cover more."""

    OWN = 1, _("Own records")
    AGENCY = 2, _("Own agency")
    PROVINCE = 3, _("Own province")
    ALL = 4, _("All agencies")


# Resources holding personal data of survivors or suspects; an analyst role must hold none.
PERSONAL_DATA_RESOURCES = frozenset(
    {
        Resource.PERSON,
        Resource.CASE,
        Resource.SCREENING,
        Resource.CONSENT,
        Resource.REFERRAL,
        Resource.INVESTIGATION,
    }
)
