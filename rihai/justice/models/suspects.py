"""Suspects (persons and organisations), who is accused in which investigation, and links."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core import validators as v
from rihai.core.fields import BlindIndexField, EncryptedCharField, EncryptedTextField
from rihai.core.transliterate import name_key

from ..choices import AccusedStatus, LinkDecision, SuspectKind, SuspectRole
from ..validators import normalise_licence, validate_oep_licence


class SuspectNameKeyField(BlindIndexField):
    """Keyed hash of the name's phonetic skeleton, the same from Urdu script or Roman Urdu."""

    def pre_save(self, model_instance, add):
        from rihai.core import encryption

        key = name_key(model_instance.name_roman or model_instance.name_ur or "")
        value = encryption.blind_index("name:" + key) if key else ""
        setattr(model_instance, self.attname, value)
        return value


class Suspect(models.Model):
    """A person or organisation suspected of trafficking or smuggling, as one agency recorded it.

    Identifiers are encrypted; CNIC, phone and name key have blind indexes so the same suspect
    can be found across investigations without decrypting every row. Records are never merged:
    a confirmed link between two records is a SuspectLinkDecision.
    """

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SuspectKind.choices)
    role = models.CharField(_("role"), max_length=12, choices=SuspectRole.choices)
    name_roman = EncryptedCharField(_("name (Roman Urdu / English)"), max_length=160, blank=True)
    name_ur = EncryptedCharField(_("name (Urdu script)"), max_length=160, blank=True)
    cnic = EncryptedCharField(_("CNIC"), max_length=15, blank=True, validators=[v.validate_cnic])
    cnic_bidx = BlindIndexField(source="cnic", normaliser=v.digits_only)
    phone = EncryptedCharField(_("phone"), max_length=30, blank=True, validators=[v.validate_phone])
    phone_bidx = BlindIndexField(source="phone", normaliser=v.normalise_phone)
    name_key_bidx = SuspectNameKeyField(source="name_roman")
    address = EncryptedTextField(_("address"), blank=True)
    # Plain: a licence number identifies a company in a public registry, not a person.
    oep_licence = models.CharField(
        _("OEP licence number"),
        max_length=20,
        blank=True,
        db_index=True,
        validators=[validate_oep_licence],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("suspect")
        verbose_name_plural = _("suspects")

    def __str__(self) -> str:
        return f"S-{self.pk}"

    @property
    def display_name(self) -> str:
        return self.name_roman or self.name_ur or f"S-{self.pk}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if not (self.name_roman or self.name_ur):
            raise ValidationError(
                {"name_roman": _("Give the name in Urdu script, in Roman Urdu, or both.")}
            )
        if self.oep_licence:
            self.oep_licence = normalise_licence(self.oep_licence)


class Accused(models.Model):
    """A suspect named in an investigation.

    ``possible_victim`` marks someone who may themselves have been trafficked (compelled to
    recruit or carry). Such a person is recorded only with ``non_punishment_considered``: PTPA
    s.6 says a victim is not criminally liable for an offence under the Act.
    """

    investigation = models.ForeignKey(
        "justice.Investigation", on_delete=models.CASCADE, related_name="accused"
    )
    suspect = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="accusations")
    status = models.CharField(
        _("status"), max_length=12, choices=AccusedStatus.choices, default=AccusedStatus.NAMED
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    possible_victim = models.BooleanField(_("may be a victim compelled to act"), default=False)
    non_punishment_considered = models.BooleanField(
        _("non-punishment principle (PTPA s.6) considered"), default=False
    )
    non_punishment_note = EncryptedTextField(_("why they are still a suspect"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_on = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["investigation", "suspect"], name="unique_accused"),
            # The database refuses it too: a possible victim is never accused unconsidered.
            models.CheckConstraint(
                condition=models.Q(possible_victim=False)
                | models.Q(non_punishment_considered=True),
                name="possible_victim_needs_non_punishment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.investigation_id}:{self.suspect_id}"


class SuspectLinkDecision(models.Model):
    """An investigator's decision that two suspect records are, or are not, the same suspect.

    Stored once per pair (lower id first). Nothing is merged: both records keep their data.
    """

    first = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=LinkDecision.choices)
    basis = models.JSONField(default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="unique_suspect_pair"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="suspect_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id}-{self.second_id}"
