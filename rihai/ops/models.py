"""Retention state: legal holds, erasure requests, and the ledger of what was disposed of.

The records themselves belong to their apps; these rows say what may not be purged (a
hold), what a person asked to have erased and who approved it, and what the purge has
already done, so an interrupted purge resumes where it stopped.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedTextField


class LegalHold(models.Model):
    """A record that must not be purged or erased: under investigation, before a court, or
    kept on a supervisor's documented decision. Lifting keeps the row (who, when)."""

    record_type = models.CharField(_("record type"), max_length=40)  # a retention rule's code
    object_id = models.CharField(_("record"), max_length=64)
    agency_id = models.BigIntegerField(null=True, blank=True)
    # Encrypted: a reason names the proceedings ("FIR 12/2027 at Lahore") and may describe
    # the survivor; the audit row keeps only the hold's id.
    reason = EncryptedTextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_on = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_on = models.DateTimeField(null=True, blank=True)
    # Encrypted like the reason it answers ("judgment final, appeal window passed").
    lift_reason = EncryptedTextField(_("why the hold is lifted"), blank=True)

    class Meta:
        verbose_name = _("legal hold")
        indexes = [models.Index(fields=["record_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "object_id"],
                condition=models.Q(lifted_on__isnull=True),
                name="one_open_hold_per_record",
            )
        ]

    def __str__(self) -> str:
        return f"hold {self.record_type}:{self.object_id}"


class ErasureBasis(models.TextChoices):
    # Grounds on which a person may ask for erasure; the law that applies is a province's
    # decision (docs/operations.md, "Retention and erasure"), so these are the common ones.
    CONSENT_WITHDRAWN = "consent-withdrawn", _("Consent withdrawn, no other lawful basis")
    NOT_A_VICTIM = "not-a-victim", _("Not a victim; no reason to keep the record")
    UNLAWFUL = "unlawful", _("Recorded unlawfully or by mistake")
    COURT_ORDER = "court-order", _("Ordered by a court")


class ErasureRequest(models.Model):
    """A person's erasure, asked for by one user and carried out by a supervisor (never the
    same user) through ``rihai.cases.erasure.do_erase_person``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a supervisor")
        ERASED = "erased", _("Erased")
        REJECTED = "rejected", _("Rejected")

    # PROTECT: the person's row stays after erasure (ids keep the statistics and chain whole).
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    agency_id = models.BigIntegerField(null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=20, choices=ErasureBasis.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="one_pending_erasure_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"erasure of P-{self.person_id} ({self.status})"


class Disposal(models.Model):
    """One record anonymised, deleted or erased: the purge skips what is here (resumable)."""

    record_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    disposal = models.CharField(max_length=10)  # anonymise, delete, erase
    done_on = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record_type", "object_id"], name="one_disposal")
        ]

    def __str__(self) -> str:
        return f"{self.disposal} {self.record_type}:{self.object_id}"
