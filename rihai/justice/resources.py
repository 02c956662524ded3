"""The resources the justice app adds to the grant vocabulary (declared in ``plugin.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Resource(models.TextChoices):
    # Investigations with their suspects, evidence and victims' links: personal data.
    INVESTIGATION = "investigation", _("Investigations (personal data)")
    # The offences catalogue: public law, no one's data.
    OFFENCE = "offence", _("Offences catalogue")
    # Only the stage and next hearing of investigations linked to cases the user may see:
    # what a case worker needs to prepare a survivor for court, never evidence or suspects.
    JUSTICE_SUMMARY = "justice-summary", _("Investigation stage and next hearing of a case")
