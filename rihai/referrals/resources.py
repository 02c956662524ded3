"""The resources the referrals app adds to the grant vocabulary (declared in ``plugin.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Resource(models.TextChoices):
    # What a referral shares about a survivor: personal data.
    REFERRAL = "referral", _("Referrals (personal data)")
    # The directory of providers, their services and beds: no one's personal data.
    SERVICE = "service", _("Service directory and beds")
