"""A referral of a survivor to a provider, what it shares, and what happens to it."""

import json

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedCharField, EncryptedTextField

from ..choices import (
    BedType,
    DeclineReason,
    DischargeReason,
    ReferralStatus,
    ServiceType,
)


class Referral(models.Model):
    """A case worker asks a provider to serve a survivor for one need.

    The recipient sees ``snapshot`` (the fields chosen at referral time, encrypted) and never
    the case. ``person_sex``, ``person_age``, ``with_children`` and ``nationality`` stay plain:
    eligibility and bed matching need them, and on their own they identify no one.
    """

    # PROTECT everywhere: a referral is the record that data left an agency; it outlives
    # anything it points to.
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    from_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        "referrals.Provider",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("provider"),
    )
    # The provider's agency when referred; None: a listed provider, handed off outside Rihai.
    to_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to"),
    )
    service_type = models.CharField(_("need"), max_length=20, choices=ServiceType.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReferralStatus.choices,
        default=ReferralStatus.REQUESTED,
    )

    person_sex = models.CharField(_("sex"), max_length=12)
    person_age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    with_children = models.BooleanField(_("with her or his children"), default=False)
    nationality = models.CharField(_("nationality"), max_length=2, default="PK")

    shared_fields = models.JSONField(_("shared"), default=list)
    snapshot = EncryptedTextField(_("what the recipient sees"))

    # How the data may leave the agency (the consent gate's answer).
    basis_kind = models.CharField(max_length=12)
    consent = models.ForeignKey(
        "cases.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legal_basis = models.CharField(max_length=20, blank=True)
    # Encrypted like the Disclosure row it mirrors: a court order's or a letter's reference
    # often names the survivor.
    legal_reference = EncryptedCharField(_("legal reference"), max_length=120, blank=True)
    override_reason = EncryptedTextField(_("reason for sharing without consent"), blank=True)

    requested_on = models.DateTimeField(default=timezone.now)
    due_by = models.DateTimeField(_("answer due by"))
    responded_on = models.DateTimeField(null=True, blank=True)
    # Once accepted, the data has been disclosed; before, revoking consent withdraws it.
    accepted_on = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The recipient's staff member who took the referral on.
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(
        _("reason"), max_length=12, choices=DeclineReason.choices, blank=True
    )
    decline_note = EncryptedTextField(_("note"), blank=True)
    suggested_provider = models.ForeignKey(
        "referrals.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("next eligible provider"),
    )
    started_on = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateTimeField(null=True, blank=True)
    withdrawn_on = models.DateTimeField(null=True, blank=True)
    withdraw_note = EncryptedTextField(_("why withdrawn"), blank=True)
    modified_on = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["to_agency", "status", "due_by"]),
            models.Index(fields=["from_agency", "status", "due_by"]),
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["case"]),
            # A box's first page is read in its order (newest first) instead of sorting every
            # referral of a busy shelter; the included columns let the box's count, which
            # filters on the consent condition, be answered from the index alone.
            models.Index(
                fields=["to_agency", "-requested_on", "-id"],
                include=["basis_kind", "accepted_on", "consent_id"],
                name="referral_incoming_box",
            ),
            models.Index(
                fields=["to_agency", "status", "-requested_on", "-id"],
                name="referral_incoming_by_status",
            ),
            models.Index(fields=["from_agency", "-requested_on", "-id"], name="referral_sent_box"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", args=[self.pk])

    def __str__(self) -> str:
        return f"R-{self.pk}"

    @property
    def shared(self) -> dict:
        """The snapshot as a dict (decrypted)."""
        return json.loads(self.snapshot or "{}")

    @property
    def is_overdue(self) -> bool:
        return self.status == ReferralStatus.REQUESTED and self.due_by < timezone.now()


class Placement(models.Model):
    """A survivor in a shelter bed, from admission to discharge; occupancy counts these."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="placements")
    provider = models.ForeignKey(
        "referrals.Provider", on_delete=models.PROTECT, related_name="placements"
    )
    bed_type = models.CharField(_("bed type"), max_length=16, choices=BedType.choices)
    admitted_on = models.DateTimeField(default=timezone.now)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    discharged_on = models.DateTimeField(null=True, blank=True)
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    discharge_reason = models.CharField(
        _("reason"), max_length=12, choices=DischargeReason.choices, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=models.Q(discharged_on__isnull=True),
                name="one_open_placement_per_referral",
            ),
        ]
        indexes = [models.Index(fields=["provider", "bed_type", "discharged_on"])]

    def __str__(self) -> str:
        return f"{self.provider_id}:{self.bed_type}:{self.referral_id}"


class ServiceDelivery(models.Model):
    """A service the recipient delivered under a referral (a session, a hearing, a check-up)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="deliveries")
    delivered_on = models.DateField(_("date"))
    description = EncryptedTextField(_("what was done"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["delivered_on", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id}:{self.delivered_on}"
