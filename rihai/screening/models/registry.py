"""The licensed overseas employment promoter (OEP) registry kept by the Bureau of Emigration.

The registry is public information (BE&OE publishes the list of OEPs with their licence,
name, city, status and office contacts), so it is stored in plain text: the public portal
reads it to answer "is this recruiter licensed?" and screening compares ads against it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PromoterStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")
    SUSPENDED = "suspended", _("Suspended")


class Promoter(models.Model):
    """One licensed OEP as the Bureau's latest applied import describes it."""

    # Canonical "NNNN/CCC" (four digits, three-letter city code), the form adscreen extracts
    # from ads, so an ad's licence and the registry compare by equality.
    licence = models.CharField(_("licence number"), max_length=12, unique=True)
    licence_as_written = models.CharField(max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=200)
    # Consonant skeleton of the name's distinctive words: matches Urdu script and Roman Urdu.
    name_key = models.CharField(max_length=200, db_index=True, blank=True)
    city = models.CharField(_("city"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PromoterStatus.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    phones = models.JSONField(_("registered phones (E.164)"), default=list, blank=True)
    addresses = models.JSONField(_("registered addresses"), default=list, blank=True)
    updated_on = models.DateTimeField(default=timezone.now)
    # PROTECT: whoever changed the registry stays named in it.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["licence"]
        verbose_name = _("licensed promoter (OEP)")

    def __str__(self) -> str:
        return f"{self.licence} {self.name}"

    def status_on(self, day) -> str:
        """The status as of ``day``: a "valid" licence past its end date has expired."""
        if self.status == PromoterStatus.VALID and self.valid_until and self.valid_until < day:
            return PromoterStatus.EXPIRED
        return self.status


class RegistryImport(models.Model):
    """An uploaded OEP list: previewed first, applied only by an explicit second action."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not applied")
        APPLIED = "applied", _("Applied")

    # PROTECT: an agency or user that imported the registry can never vanish from its history.
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_on = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    # The parsed good rows ({licence: fields}) and the preview report (new, changed,
    # unchanged, conflicting, errors), kept so the apply step applies exactly what was shown.
    rows = models.JSONField(default=dict)
    report = models.JSONField(default=dict)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    applied_on = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-uploaded_on", "-id"]
        verbose_name = _("registry import")

    def __str__(self) -> str:
        return f"registry import {self.pk} ({self.status})"


class LicenceExpiryCheck(models.Model):
    """One run of the daily check for licences that expired by date alone (no import).

    The next run reads only the licences whose end date fell since the last run's day, so a
    missed day is caught up and a second run on the same day finds nothing new.
    """

    # The local day (TIME_ZONE) the check ran for: licences valid until before it are expired.
    checked_day = models.DateField(unique=True)
    ran_on = models.DateTimeField(default=timezone.now)
    licences = models.PositiveIntegerField(default=0)
    ads_checked = models.PositiveIntegerField(default=0)
    ads_flagged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-checked_day"]
        verbose_name = _("licence expiry check")

    def __str__(self) -> str:
        return f"licence expiry check {self.checked_day}"
