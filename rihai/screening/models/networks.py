"""Networks of ads: ads joined by shared contacts (strong) or a shared template (weak).

Ids are stable as batches arrive: a new batch's ads join the network their linked ads are
already in; when a new ad links two networks, they merge into the older (lower id) one.

What links ads is kept between batches (``network_links.py``), so a batch is joined to the
store without clustering it again: each ad's LSH band keys (``AdBand``), each hashed contact
with the group of ads using it (``ContactKey``), and on the ad its template group and contact
group (``Ad.template_root``, ``Ad.contact_root``: the smallest ad id of the group).
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


class NetworkState(models.Model):
    """The one row every network update locks first: updates run one at a time, since each
    renumbers groups that another would read."""

    ads_linked = models.PositiveBigIntegerField(default=0)
    updated_on = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("network state")

    def __str__(self) -> str:
        return f"networks: {self.ads_linked} ads linked"


class AdBand(models.Model):
    """One LSH band of an ad's MinHash signature, hashed to 64 bits with its band number.

    Two ads with an equal key share that band, which makes them candidate near duplicates
    (checked on the full signatures). A new ad finds its candidates through the index on
    ``key`` instead of comparing with the whole store. Holds no text and no contact.
    """

    key = models.BigIntegerField(db_index=True)
    # CASCADE: derived index data; it goes with its ad (ads themselves are never deleted).
    ad = models.ForeignKey("screening.Ad", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("ad band key")

    def __str__(self) -> str:
        return f"band {self.key} of ad {self.ad_id}"


class ContactKey(models.Model):
    """A hashed contact (blind index; never the number itself) with the contact group of the
    ads that use it and how many do: a contact of two or more ads links them."""

    key = models.CharField(max_length=64, unique=True)
    root = models.BigIntegerField(db_index=True)  # the contact group: its smallest ad id
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("hashed contact")

    def __str__(self) -> str:
        return f"contact of group {self.root} ({self.uses} ads)"
