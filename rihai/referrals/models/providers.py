"""The service directory: who offers which help, to whom, where; and a shelter's beds."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.bilingual import in_language

from ..choices import BedType, ProviderKind, ServiceType


class ProviderQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Provider(models.Model):
    """A shelter, crisis centre, legal-aid, medical, psychosocial, training or return service.

    With ``agency`` set, the provider uses Rihai and receives referrals here; without it, it is
    only listed: the referral is recorded in Rihai and the hand-off happens outside. Nothing
    here is anyone's personal data, so nothing is encrypted.
    """

    name = models.CharField(_("name (English)"), max_length=200)
    name_ur = models.CharField(_("name (Urdu)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    # PROTECT: an agency that once received referrals keeps its directory entry.
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency in Rihai"),
        help_text=_("Leave empty for a provider that does not use Rihai."),
    )
    province = models.ForeignKey(
        "geo.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    district = models.ForeignKey(
        "geo.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    districts_served = models.ManyToManyField(
        "geo.District", related_name="+", verbose_name=_("districts served")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # Eligibility; an empty list means anyone.
    eligible_sexes = models.JSONField(_("sexes served"), default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(_("youngest age served"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest age served"), null=True, blank=True)
    nationalities = models.JSONField(_("nationalities served"), default=list, blank=True)
    accepts_children = models.BooleanField(
        _("takes a survivor with her or his children"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_on = models.DateTimeField(default=timezone.now)
    modified_on = models.DateTimeField(auto_now=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        indexes = [models.Index(fields=["is_active", "kind"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="provider_name_not_empty"),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="provider_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return in_language(self.name, self.name_ur)

    @property
    def in_rihai(self) -> bool:
        return self.agency_id is not None

    def clean(self):
        errors = {}
        if self.district_id and self.province_id and self.district.province_id != self.province_id:
            errors["district"] = _("This district is not in the chosen province.")
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = _("The oldest age must not be below the youngest.")
        if errors:
            raise ValidationError(errors)


class ProviderService(models.Model):
    """One need a provider meets; a table (not a list) so the directory can filter on it."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="services")
    service_type = models.CharField(_("service"), max_length=20, choices=ServiceType.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "service_type"], name="unique_provider_service"
            ),
        ]
        # Search by need, then district: the need is the selective side.
        indexes = [models.Index(fields=["service_type", "provider"])]

    def __str__(self) -> str:
        return self.service_type


class BedCapacity(models.Model):
    """How many beds of one type a shelter has. Occupancy is never stored: it is the count of
    placements not yet discharged, so nobody can type it wrong. This row is also the lock that
    keeps two admissions from taking the same last bed."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="beds")
    bed_type = models.CharField(_("bed type"), max_length=16, choices=BedType.choices)
    capacity = models.PositiveSmallIntegerField(_("beds"))

    class Meta:
        verbose_name = _("bed capacity")
        constraints = [
            models.UniqueConstraint(fields=["provider", "bed_type"], name="unique_bed_type"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id}:{self.bed_type}={self.capacity}"
