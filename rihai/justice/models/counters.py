"""Per-agency, per-year counters of investigation references."""

from django.db import models


class InvestigationReferenceCounter(models.Model):
    """The last investigation number an agency issued in a year (``TFIA-INV-2026-00042`` → 42).

    One small row per agency and year, locked while an investigation opens (the lock order of
    docs/architecture.md: after the record's own rows, before the audit chain head). Numbers
    are integers, never the highest reference compared as text (``-99999`` sorts after
    ``-100000``), and opening an investigation never locks the agency row that every new
    record's foreign key checks.
    """

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="unique_investigation_counter_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}-{self.year}: {self.last}"
