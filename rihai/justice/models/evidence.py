"""Evidence and its chain of custody. Custody entries are append-only."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedCharField, EncryptedTextField

from ..choices import EvidenceKind

SHA256 = RegexValidator(r"^[0-9a-f]{64}$", _("Enter the SHA-256 as 64 lower-case hex digits."))


class EvidenceItem(models.Model):
    """One item of evidence; a digital item carries the SHA-256 of its content."""

    investigation = models.ForeignKey(
        "justice.Investigation", on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    # Encrypted: descriptions name people, phones and places.
    description = EncryptedTextField(_("description"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, validators=[SHA256])
    collected_on = models.DateField(_("collected on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["collected_on", "id"]

    def __str__(self) -> str:
        return f"E-{self.pk}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("custody entries are append-only")

    def delete(self):
        raise TypeError("custody entries are append-only")


class CustodyEntry(models.Model):
    """Who held an item from when: one row per hand-over, never changed or removed."""

    evidence = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="custody")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("holder (a Rihai user)"),
    )
    # A holder outside Rihai (forensic laboratory, court malkhana); encrypted as it may name one.
    holder_outside = EncryptedTextField(_("holder outside Rihai"), blank=True)
    received_on = models.DateTimeField(_("received on"))
    # Free text an officer types ("handed to the survivor's lawyer, ..."): may name someone.
    purpose = EncryptedCharField(_("purpose"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.evidence_id}:{self.pk}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("custody entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("custody entries are append-only")
