"""Networks of ads: ads joined by shared contacts (strong) or a shared template (weak).

Ids are stable as batches arrive: a new batch's ads join the network their linked ads are
already in; when a new ad links two networks, they merge into the older (lower id) one.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Network(models.Model):
    """A group of two or more linked ads, as adscreen's clustering last found it."""

    class Strength(models.TextChoices):
        STRONG = "strong", _("shared contacts")
        WEAK = "weak", _("shared template only")

    size = models.PositiveIntegerField(default=0)
    strength = models.CharField(max_length=10, choices=Strength.choices)
    shared_contacts = models.PositiveIntegerField(default=0)
    templates = models.PositiveIntegerField(default=0)
    max_score = models.FloatField(default=0)
    created_on = models.DateTimeField(default=timezone.now)
    updated_on = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-max_score", "-size", "id"]
        verbose_name = _("network")

    def __str__(self) -> str:
        return f"network {self.pk} ({self.size} ads, {self.strength})"
