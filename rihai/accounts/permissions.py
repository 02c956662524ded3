"""The vocabulary of access: which action, on which resource, over which records (scope)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Resource(models.TextChoices):
    """The foundation's own resources; every other app declares its own in its ``plugin.py``."""

    USER = "user", _("Users and roles")
    AGENCY = "agency", _("Agencies")


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


def personal_data_resources() -> frozenset[str]:
    """Resources holding survivors' or suspects' data, as the installed apps declare them."""
    from rihai.core.plugins import personal_data_resources as declared

    return declared()
