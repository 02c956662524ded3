"""A survivor's support and reintegration plan: goals, services, milestones, follow-ups."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedCharField, EncryptedTextField

from ..choices import PlanItemKind, PlanItemStatus


class SupportPlan(models.Model):
    """One plan per survivor per case, kept by the agency that owns the case (it moves with a
    transfer). A child's plan names a guardian and records why it serves the child's best
    interests (UNCRC art. 3), and cannot be opened without them."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    is_child = models.BooleanField(_("a child's plan"), default=False)
    guardian_name = EncryptedCharField(_("guardian"), max_length=120, blank=True)
    best_interests = EncryptedTextField(
        _("why this plan is in the child's best interests"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateTimeField(default=timezone.now)
    closed_on = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("support plan")
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="one_plan_per_case_person"),
        ]

    def __str__(self) -> str:
        return f"P-{self.pk}"


class PlanItem(models.Model):
    """A goal, service or milestone with a due date; follow-ups at 3, 6 and 12 months are
    added when the plan opens."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=PlanItemKind.choices)
    description = EncryptedTextField(_("description"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    # The referral that delivers this item, if any.
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.kind}"
