"""The register of disclosures: each time a survivor's data left its agency, and on what basis."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedCharField, EncryptedTextField


class Disclosure(models.Model):
    """One person's data left the agency: to whom (or as a file), for what, on what basis.

    Written only by ``consent_gate.require_disclosure_basis``, inside the action that sends
    the data. The legal reference and the override reason are free text, so encrypted; the
    audit row carries only the codes.
    """

    class Kind(models.TextChoices):
        CONSENT = "consent", _("Consent of the person")
        LEGAL_BASIS = "legal-basis", _("Legal basis")
        OVERRIDE = "override", _("Supervisor's override")
        ANONYMISED = "anonymised", _("Anonymised: no personal data")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=14)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    consent = models.ForeignKey(
        "cases.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legal_basis = models.CharField(_("legal basis"), max_length=24, blank=True)
    legal_reference = EncryptedCharField(_("legal reference"), max_length=120, blank=True)
    override_reason = EncryptedTextField(_("reason for the override"), blank=True)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    disclosed_on = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("disclosure")
        ordering = ["-disclosed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person_id}→{self.recipient_id or 'file'} ({self.purpose}, {self.kind})"
