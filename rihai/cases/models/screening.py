"""A screening interview's answers and the recommendation computed from them.

Immutable once recorded: it keeps the version of the indicator set it was computed with, so a
later revision of the indicators never changes a past assessment.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScreeningAssessment(models.Model):
    """Answers to the ILO indicators and PTPA/PSMA questions, and the resulting recommendation."""

    class Recommendation(models.TextChoices):
        PRESUMED_VICTIM = "presumed-victim", _("Presumed victim of trafficking")
        FURTHER_SCREENING = "further-screening", _("Possible victim: screen further")
        SMUGGLING = "smuggling", _("Looks like migrant smuggling, not trafficking")
        INSUFFICIENT = "insufficient", _("Indicators insufficient")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assessments")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    rules_version = models.CharField(max_length=20)
    is_child = models.BooleanField()
    exploitation_kind = models.CharField(max_length=10, default="labour")
    answers = models.JSONField(default=dict)  # indicator id -> True/False; PTPA/PSMA element ids
    result = models.JSONField(default=dict)  # dimensions, elements, reasons: see screening.engine
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("screening assessment")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.recommendation} (rules {self.rules_version})"
