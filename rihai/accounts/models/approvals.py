"""The two-person rule: a change that could let one administrator become someone else, or
reach survivors' data, waits here until a second administrator approves it."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Long enough for a colleague on another shift to see it, short enough that a forgotten
# request cannot be approved months later by someone who no longer knows why it was made.
REQUEST_LIFETIME = timedelta(hours=48)


class RequestKind(models.TextChoices):
    RESET_PASSWORD = "reset-password", _("Reset another user's password")
    RESET_TWO_FACTOR = "reset-two-factor", _("Reset another user's two-factor device")
    CHANGE_ACCESS = "change-access", _("Give a user a role or agency that reaches personal data")
    CHANGE_GRANTS = "change-grants", _("Give a role grants on personal data")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second administrator")
    APPROVED = "approved", _("Approved and applied")
    REJECTED = "rejected", _("Rejected")


def _default_expiry():
    return timezone.now() + REQUEST_LIFETIME


class AccessRequest(models.Model):
    """One privileged change requested by one administrator, applied only when another approves.

    ``payload`` holds ids and codes only (a role id, an agency id, a list of grants), never a
    password or a secret: a password reset sets a fresh random password at approval time.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    # PROTECT: the people named in a request stay named; users are deactivated, never deleted.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,  # null: requested from the server's command line
        related_name="+",
        verbose_name=_("requested by"),
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    target_role = models.ForeignKey(
        "accounts.Role",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("role"),
    )
    payload = models.JSONField(default=dict, blank=True)
    requested_on = models.DateTimeField(_("requested on"), default=timezone.now)
    expires_on = models.DateTimeField(_("expires on"), default=_default_expiry)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateTimeField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_on"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            # The database itself refuses a request approved by the person who made it
            # (rejecting one's own request withdraws it and is allowed).
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | models.Q(decided_by__isnull=True)
                | models.Q(requested_by__isnull=True)
                | ~models.Q(decided_by=models.F("requested_by")),
                name="access_request_not_decided_by_requester",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_on
