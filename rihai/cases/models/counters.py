"""Per-agency, per-year counters of case references, and the API's idempotency keys."""

from django.conf import settings
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


class IdempotencyKey(models.Model):
    """A create request's ``Idempotency-Key``, per user: a retry answers with the record the
    first request created instead of creating a second one.

    Holds no personal data: a hash of the client's key, the endpoint and the id of what it
    created. Written in the same transaction as the record, so a crash leaves both or neither.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64)
    endpoint = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    created_on = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key_hash"], name="unique_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.object_id}"
