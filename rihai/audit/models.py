"""The append-only, keyed hash-chained audit log.

Each row's ``hash`` is HMAC-SHA256 (key outside the database, see ``keys.py``) over the
previous row's hash and this row's canonical content, so changing, inserting or deleting any
row breaks every hash after it; ``AuditChainHead`` remembers the last row, so removing rows
from the end is caught too, and signed checkpoints outside the database catch a rewrite of the
whole chain. Rows never hold personal data: only ids, codes and counts.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.plugins import audit_event_choices

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit row."""


class AuditEvent(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login-failed", _("Sign-in failed")
    LOGOUT = "logout", _("Signed out")
    PASSWORD_CHANGED = "password-changed", _("Password changed")
    MFA_ENROLLED = "mfa-enrolled", _("Two-factor device enrolled")
    MFA_VERIFIED = "mfa-verified", _("Two-factor code accepted")
    MFA_FAILED = "mfa-failed", _("Two-factor code refused")
    USER_CREATED = "user-created", _("User created")
    USER_CHANGED = "user-changed", _("User changed")
    ROLE_CHANGED = "role-changed", _("Role permissions changed")
    AGENCY_CREATED = "agency-created", _("Agency created")
    AGENCY_CHANGED = "agency-changed", _("Agency changed")
    KEYS_ROTATED = "keys-rotated", _("Encryption keys rotated")
    RECORD_CREATED = "record-created", _("Record created")
    RECORD_CHANGED = "record-changed", _("Record changed")
    RECORD_VIEWED = "record-viewed", _("Personal data viewed")
    RECORD_LISTED = "record-listed", _("Personal data listed")
    RECORD_MERGED = "record-merged", _("Records merged")
    RECORD_EXPORTED = "record-exported", _("Personal data exported")
    RECORD_IMPORTED = "record-imported", _("Record imported")
    STATUS_CHANGED = "status-changed", _("Status changed")
    CONSENT_RECORDED = "consent-recorded", _("Consent recorded")
    CONSENT_REVOKED = "consent-revoked", _("Consent revoked")
    SCREENING_RECORDED = "screening-recorded", _("Screening recorded")
    DECISION_RECORDED = "decision-recorded", _("Decision recorded")
    ACCESS_DENIED = "access-denied", _("Access denied")


class Interface(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    CLI = "cli", _("Command line")
    SYSTEM = "system", _("System")


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit rows cannot be updated")

    def delete(self):
        raise AppendOnlyError("audit rows cannot be deleted")

    _raw_delete = delete


class AuditLog(models.Model):
    """One security-relevant change or access: who did what, to which record, when, from where."""

    id = models.BigAutoField(primary_key=True)
    event_time = models.DateTimeField(default=timezone.now, db_index=True)
    # Choices come from the installed apps' plugins: a new event needs no migration here.
    event = models.CharField(max_length=40, choices=audit_event_choices)
    # PROTECT: a user who appears in the audit trail can be deactivated, never deleted.
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acting_username = models.CharField(max_length=150, blank=True)
    agency_id = models.BigIntegerField(null=True, blank=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    interface = models.CharField(max_length=10, choices=Interface.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=36, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    # Which AUDIT_CHAIN_KEYS key signed the row ("" = a legacy, unkeyed SHA-256 row).
    key_id = models.CharField(max_length=16, blank=True, default="", db_default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit rows cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit rows cannot be deleted")


class AuditChainHead(models.Model):
    """A single row naming the last audit entry; locked while appending so writers queue."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head at #{self.last_id}"


class DenialBucket(models.Model):
    """Refused requests being counted before they enter the chain: one open bucket per actor,
    kind of record, read-or-write and minute.

    A flood of refusals (a script trying every case id, a password spray with invented
    usernames) becomes one chain row per bucket with a count and a few sample ids, so it
    cannot grow the chain without bound. Buckets are mutable by design (their count grows);
    a closed bucket is moved into the chain and deleted by ``denials.flush_closed_buckets``.
    """

    # "user:<id>" or "anonymous": a plain key (not the nullable user column) so the unique
    # constraint also holds for anonymous buckets, where NULLs would never collide.
    actor_key = models.CharField(max_length=40)
    user_id = models.BigIntegerField(null=True, blank=True)
    agency_id = models.BigIntegerField(null=True, blank=True)
    event = models.CharField(max_length=40)
    kind = models.CharField(max_length=100)  # URL name, e.g. "cases:detail", or "sign-in"
    access = models.CharField(max_length=5)  # "read" or "write"
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)
    sample_ids = models.JSONField(default=list, blank=True)
    interface = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = _("open denial count")
        constraints = [
            models.UniqueConstraint(
                fields=["actor_key", "event", "kind", "access", "window_start"],
                name="audit_denialbucket_one_per_window",
            )
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.actor_key} {self.kind} {self.access} x{self.count}"


class AuditJournal(models.Model):
    """A view of personal data waiting to enter the chain (``journal.py``).

    Reading must not queue behind the chain's head lock, so a view appends here, in the
    reader's own transaction and without touching the head; the sealer moves rows into the
    chain in id order and deletes them in the same transaction. A row is never changed: a
    trigger refuses UPDATE (and, on PostgreSQL, DELETE outside the sealer), and each row
    carries ``mac``, an HMAC under the chain key over its content, so a row changed by
    someone who bypassed the trigger is caught by ``audit_verify`` and never sealed.
    Same columns as ``AuditLog`` minus the chain links: ids, codes and counts only.
    """

    id = models.BigAutoField(primary_key=True)
    event_time = models.DateTimeField(default=timezone.now)
    event = models.CharField(max_length=40)
    # PROTECT: as in AuditLog, a user named by an unsealed view cannot be deleted.
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acting_username = models.CharField(max_length=150, blank=True)
    agency_id = models.BigIntegerField(null=True, blank=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    interface = models.CharField(max_length=10, choices=Interface.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=36, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    key_id = models.CharField(max_length=16)
    mac = models.CharField(max_length=64)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("unsealed audit entry")
        verbose_name_plural = _("unsealed audit entries")

    def __str__(self) -> str:
        return f"journal #{self.pk} {self.event} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("journal rows cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("journal rows leave only by being sealed into the chain")
