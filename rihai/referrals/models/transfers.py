"""Handing a whole case to another agency, which becomes its owner."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedCharField, EncryptedTextField

from ..choices import TransferStatus


class Transfer(models.Model):
    """A case handed from one agency to another: asked by a case worker, approved by the
    sending supervisor (through the consent gate), accepted by the receiving supervisor.

    After the hand-over this row is all the sending agency keeps: who, when, to whom; the
    case and its people belong to the receiving agency.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    from_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.REQUESTED
    )
    reason = EncryptedTextField(_("why this agency should take the case"))
    # What the receiving supervisor decides on before owning the case; plain, as on a referral.
    person_sex = models.CharField(_("sex"), max_length=12)
    person_age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_on = models.DateTimeField(null=True, blank=True)
    basis_kind = models.CharField(max_length=12, blank=True)
    consent = models.ForeignKey(
        "cases.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legal_reference = EncryptedCharField(max_length=120, blank=True)  # as on a Disclosure
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateTimeField(null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["requested", "approved"]),
                name="one_open_transfer_per_case",
            ),
        ]
        indexes = [
            models.Index(fields=["from_agency", "status"]),
            models.Index(fields=["to_agency", "status"]),
        ]

    def get_absolute_url(self) -> str:
        return reverse("referrals:transfer", args=[self.pk])

    def __str__(self) -> str:
        return f"T-{self.pk}"
