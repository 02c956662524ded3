"""The resources the operations app adds to the grant vocabulary (declared in ``plugin.py``).

Holds and erasure requests are about other apps' records; these grants decide who may use
the pages and actions at all, and the record's own app decides, through its access function,
which records (``rihai.ops.actions``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Resource(models.TextChoices):
    HOLD = "legal-hold", _("Legal holds (records kept from the purge)")
    ERASURE = "erasure-request", _("Erasure requests (a person's right to erasure)")
