"""Survivors' accounts of who recruited them: the names, phones and agencies they gave.

Encrypted at rest like a person's identifiers; CNIC and phone have blind indexes and the name a
phonetic key (the same from Urdu script or Roman Urdu), so the justice app can find a suspect in
these accounts without decrypting them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core import validators as v
from rihai.core.fields import BlindIndexField, EncryptedCharField

from .persons import NameKeyIndexField


class RecruiterRole(models.TextChoices):
    RECRUITER = "recruiter", _("Recruiter")
    SUB_AGENT = "sub-agent", _("Sub-agent")
    EMPLOYER = "employer", _("Employer")
    TRANSPORTER = "transporter", _("Transporter")


class RecruiterAccount(models.Model):
    """One person or agency a survivor named as part of their recruitment, on one case."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="recruiter_accounts"
    )
    role = models.CharField(_("role"), max_length=12, choices=RecruiterRole.choices)
    name_roman = EncryptedCharField(_("name (Roman Urdu / English)"), max_length=160, blank=True)
    name_ur = EncryptedCharField(_("name (Urdu script)"), max_length=160, blank=True)
    name_key_bidx = NameKeyIndexField(source="name_roman")
    cnic = EncryptedCharField(_("CNIC"), max_length=15, blank=True, validators=[v.validate_cnic])
    cnic_bidx = BlindIndexField(source="cnic", normaliser=v.digits_only)
    phone = EncryptedCharField(_("phone"), max_length=30, blank=True, validators=[v.validate_phone])
    phone_bidx = BlindIndexField(source="phone", normaliser=v.normalise_phone)
    # What the survivor said the agency was called; encrypted because it may name a person.
    agency_named = EncryptedCharField(_("agency named"), max_length=160, blank=True)
    # Plain: a licence number identifies a company in a public registry, not a person.
    oep_licence = models.CharField(
        _("OEP licence number"), max_length=20, blank=True, db_index=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recruiter named by the survivor")
        verbose_name_plural = _("recruiters named by the survivor")

    def __str__(self) -> str:
        return f"R-{self.pk}"

    def clean(self):
        self.oep_licence = "".join((self.oep_licence or "").upper().split())
        if not (self.name_roman or self.name_ur or self.phone or self.cnic or self.oep_licence):
            raise ValidationError(
                _("Give at least a name (in either script), a phone, a CNIC or a licence number.")
            )
