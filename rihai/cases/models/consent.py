"""Consent to share a survivor's data with a named agency for a named purpose."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedCharField

from ..choices import ConsentPurpose


class ConsentQuerySet(models.QuerySet):
    def in_force(self, *, on=None):
        """Recorded, not revoked and not expired."""
        on = on or timezone.now()
        return self.filter(revoked_on__isnull=True).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gt=on)
        )


class Consent(models.Model):
    """A person agreed that ``recipient`` may receive their data for ``purpose``, until expiry or revocation."""

    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="consents")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="consents")
    recipient = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recipient agency"),
    )
    purpose = models.CharField(_("purpose"), max_length=14, choices=ConsentPurpose.choices)
    given_on = models.DateTimeField(_("given on"), default=timezone.now)
    expires_on = models.DateTimeField(_("expires on"), null=True, blank=True)
    # A child consents through a guardian (PTPA s.2: a child is under 18).
    given_by_guardian = models.BooleanField(_("given by a guardian"), default=False)
    guardian_name = EncryptedCharField(_("guardian's name"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_on = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["person", "recipient", "purpose"])]

    def __str__(self) -> str:
        return f"{self.person_id}→{self.recipient_id} ({self.purpose})"

    def clean(self):
        errors = {}
        if self.expires_on and self.expires_on <= (self.given_on or timezone.now()):
            errors["expires_on"] = _("The expiry must be after the consent was given.")
        if self.person_id and self.person.is_child and not self.given_by_guardian:
            errors["given_by_guardian"] = _("A child's consent must be given through a guardian.")
        if self.given_by_guardian and not self.guardian_name:
            errors["guardian_name"] = _("Name the guardian who gave consent.")
        if errors:
            raise ValidationError(errors)
