"""The foundation's own records: notifications to a user."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Tells one user that something waits for them, and where.

    No personal data: the row holds a kind (declared by an app's ``plugin.py``) and the type and
    id of the object it is about, never a name or free text. What the user sees when they follow
    it is shown by the object's own page, with that page's access check.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    target_type = models.CharField(max_length=60)  # "app_label.model"
    target_id = models.PositiveBigIntegerField()
    created = models.DateTimeField(default=timezone.now)
    read = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read"])]
        verbose_name = _("notification")

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class IdempotencyKey(models.Model):
    """A create request's ``Idempotency-Key``, per user, for every app's API: a retry answers
    with what the first request created instead of creating it twice (``core.idempotency``).

    Holds no personal data: hashes of the client's key and of the request (endpoint, path and
    body), the endpoint's name and the id of what it created. Claimed at the start of the create
    action's transaction and completed before its commit, so a crash leaves both or neither, and
    a second request with the same key waits for the first instead of racing it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64)
    endpoint = models.CharField(max_length=60)
    # SHA-256 of the endpoint, its path arguments and the body: the same key with another
    # request is refused (409), never answered with the first request's record.
    request_hash = models.CharField(max_length=64)
    # Null only inside the claiming transaction (the record does not exist yet) or when the
    # endpoint's answer needs no id (it shows the parent record named in the path).
    object_id = models.PositiveBigIntegerField(null=True)
    created_on = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key_hash"], name="unique_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.object_id}"
