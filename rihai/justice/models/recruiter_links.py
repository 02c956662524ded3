"""An investigator's decision that a suspect is, or is not, a recruiter a survivor named."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import LinkDecision


class RecruiterLinkDecision(models.Model):
    """Suspect ↔ a survivor's account of a recruiter (``cases.RecruiterAccount``).

    Nothing is merged or copied: the suspect keeps its data and the account stays in the case.
    Only investigators who may see the account's case decide (the case's agency).
    """

    suspect = models.ForeignKey("justice.Suspect", on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(
        "cases.RecruiterAccount", on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=LinkDecision.choices)
    basis = models.JSONField(default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["suspect", "account"], name="unique_recruiter_link")
        ]

    def __str__(self) -> str:
        return f"{self.suspect_id}-R{self.account_id}"
