"""Scoring models: the shipped adscreen model and those retrained from reviewers' decisions.

A retrained model is only a candidate until someone with the grant switches to it, having
seen its figures next to the current model's on the same held-out ads. Exactly one model is
in use; with none recorded, adscreen's shipped model is.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScoringModel(models.Model):
    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate (not in use)")
        ACTIVE = "active", _("In use")
        RETIRED = "retired", _("Retired")

    version = models.CharField(_("version"), max_length=40, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CANDIDATE)
    # The model file as adscreen writes it (learned weights; no ad text, no contact).
    document = models.TextField()
    # {"reviewed": n, "reviewed_positive": n, "base": n, "held_out": n,
    #  "candidate": {metrics}, "current": {metrics}, "current_version": "..."}
    figures = models.JSONField(default=dict)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    trained_on = models.DateTimeField(default=timezone.now)
    switched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    switched_on = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-trained_on", "-id"]
        verbose_name = _("scoring model")
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="active"),
                name="one_scoring_model_in_use",
            ),
        ]

    def __str__(self) -> str:
        return f"model {self.version} ({self.status})"
