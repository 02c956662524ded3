"""Pakistan's provinces, territories and districts, from the versioned gazetteer in data/."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rihai.core.bilingual import in_language


class BilingualNameMixin:
    """Shows the Urdu name when the active language is Urdu, the English one otherwise."""

    def __str__(self) -> str:
        return in_language(self.name_en, self.name_ur)


class Province(BilingualNameMixin, models.Model):
    """A province or territory (level 1), e.g. Punjab (PK-PB) or Islamabad Capital Territory."""

    code = models.CharField(_("code"), max_length=8, unique=True)  # dataset id, e.g. PK6
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=8, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_ur = models.CharField(_("name (Urdu)"), max_length=80)
    census2023_population = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("province or territory")
        verbose_name_plural = _("provinces and territories")


class District(BilingualNameMixin, models.Model):
    """A district (level 2) of a province or territory."""

    code = models.CharField(_("code"), max_length=8, unique=True)  # dataset id, e.g. PK601
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_ur = models.CharField(_("name (Urdu)"), max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["province__name_en", "name_en"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
