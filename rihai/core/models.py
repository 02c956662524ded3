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
