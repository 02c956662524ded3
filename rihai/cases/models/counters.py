"""Per-agency, per-year counters of case references."""

from django.db import models


class CaseReferenceCounter(models.Model):
    """The last case number an agency issued in a year (``TFIA-2026-00042`` → 42).

    One small row per agency and year, locked while a case opens: references are numbered by
    integer, never by comparing strings (``-99999`` < ``-100000`` as text), and opening a case
    never locks the agency row that every new record's foreign key checks.
    """

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="unique_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}-{self.year}: {self.last}"
