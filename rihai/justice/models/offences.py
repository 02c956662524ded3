"""The offences catalogue: sections of law and the versions of their text in force over time."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rihai.core.bilingual import in_language

from ..choices import Court, TriState, Verification


class Offence(models.Model):
    """A section of law that can be charged (PTPA s.3(1), PPC 371-A, ...); loaded from data."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    law = models.CharField(_("law"), max_length=80)
    section = models.CharField(_("section"), max_length=60)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ur = models.CharField(_("title (Urdu)"), max_length=200)

    class Meta:
        ordering = ["law", "code"]
        verbose_name = _("offence")
        verbose_name_plural = _("offences")

    def __str__(self) -> str:
        return f"{self.law} s.{self.section}: {in_language(self.title_en, self.title_ur)}"


class OffenceVersionQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """Versions in force on ``day``. A pending version (no commencement date) never is."""
        return self.filter(in_force_from__isnull=False, in_force_from__lte=day).filter(
            Q(in_force_to__isnull=True) | Q(in_force_to__gte=day)
        )


class OffenceVersion(models.Model):
    """One text of an offence, in force from a date until the next version begins.

    Versions are never edited in place once charged: an amendment is a new row, so an
    investigation keeps the penalty and classification in force on its FIR date.
    """

    offence = models.ForeignKey(Offence, on_delete=models.PROTECT, related_name="versions")
    # Null: commencement not verified. Shown in the catalogue, never chargeable.
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_to = models.DateField(_("in force until"), null=True, blank=True)
    penalty = models.TextField(_("penalty"))
    court = models.CharField(_("court that tries it"), max_length=14, choices=Court.choices)
    cognizable = models.CharField(_("cognizable"), max_length=7, choices=TriState.choices)
    bailable = models.CharField(_("bailable"), max_length=7, choices=TriState.choices)
    compoundable = models.CharField(_("compoundable"), max_length=7, choices=TriState.choices)
    verification = models.CharField(_("verification"), max_length=1, choices=Verification.choices)
    source = models.TextField(_("source"))
    note = models.TextField(_("note"), blank=True)
    catalogue_version = models.PositiveSmallIntegerField(_("catalogue version"))
    position = models.PositiveSmallIntegerField(editable=False)  # order within the offence

    objects = OffenceVersionQuerySet.as_manager()

    class Meta:
        ordering = ["offence__code", "position"]
        verbose_name = _("offence version")
        constraints = [
            models.UniqueConstraint(
                fields=["offence", "position"], name="unique_offence_version_position"
            ),
        ]

    def __str__(self) -> str:
        since = self.in_force_from.isoformat() if self.in_force_from else "pending"
        return f"{self.offence} ({since})"

    @property
    def is_pending(self) -> bool:
        return self.in_force_from is None
