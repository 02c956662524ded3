"""The resources the cases app adds to the grant vocabulary (declared in ``plugin.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Resource(models.TextChoices):
    PERSON = "person", _("Persons (personal data)")
    CASE = "case", _("Cases")
    # "screening" stays the stored code (grants in existing databases name it); the UI calls
    # it identification, to keep it apart from the ad-screening app.
    SCREENING = "screening", _("Victim identification (ILO/PTPA interview)")
    CONSENT = "consent", _("Consent")
    # (identifiers, view): may reveal a person's full CNIC, B-Form, passport or phone, one at
    # a time and audited (``do_reveal_identifier``); everyone else sees them masked.
    IDENTIFIERS = "identifiers", _("Full identifiers (CNIC, B-Form, passport, phone)")
