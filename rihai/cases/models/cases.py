"""A case: one agency's work with a survivor (or a family) from screening to closure."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedCharField, EncryptedTextField

from ..choices import (
    CaseStatus,
    ExploitationType,
    MemberRole,
    RecruiterRelation,
    RecruitmentChannel,
    RestrictionReason,
)


def _country_codes() -> set[str]:
    import phonenumbers

    return set(phonenumbers.SUPPORTED_REGIONS)


class Case(models.Model):
    """A person's (or family's) journey through identification, protection and referral at one agency."""

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    reference = models.CharField(_("reference"), max_length=40, editable=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CaseStatus.choices,
        default=CaseStatus.SCREENING,
        db_index=True,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case worker"),
    )
    # Encrypted: a supervisor's reason is free text and may describe the survivor.
    assignment_note = EncryptedCharField(
        _("why not a female case worker"), max_length=300, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateTimeField(default=timezone.now, db_index=True)
    modified_on = models.DateTimeField(auto_now=True)
    # Raised by every edit of the case's facts: the ETag that refuses a stale edit.
    version = models.PositiveIntegerField(default=1, editable=False)
    status_reason = EncryptedTextField(_("reason for the status"), blank=True)
    identified_on = models.DateField(_("identified on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    # Case facts (HTCDS 2.0 mapping in the htcds package)
    province = models.ForeignKey(
        "geo.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province where identified"),
    )
    district = models.ForeignKey(
        "geo.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district where identified"),
    )
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    recruiter_relation = models.CharField(
        _("recruiter's relation to the victim"),
        max_length=12,
        choices=RecruiterRelation.choices,
        default=RecruiterRelation.UNKNOWN,
    )
    recruitment_channel = models.CharField(
        _("recruitment channel"),
        max_length=14,
        choices=RecruitmentChannel.choices,
        default=RecruitmentChannel.UNKNOWN,
    )
    destination_country = models.CharField(_("destination country"), max_length=2, default="PK")
    route = models.JSONField(_("route (countries passed through)"), default=list, blank=True)
    is_transnational = models.BooleanField(_("transnational"), default=False)
    exploitation_start = models.DateField(_("exploitation began"), null=True, blank=True)
    summary = EncryptedTextField(_("summary"), blank=True)

    # A restricted case (a high-risk survivor, a child, a witness under protection) is seen
    # only by the users named here and the agency's supervisors; set and cleared by a
    # supervisor through ``do_set_case_restriction`` and enforced in ``queries.visible_cases``.
    restriction = models.CharField(
        _("restricted because"),
        max_length=12,
        choices=RestrictionReason.choices,
        blank=True,
        default="",
    )
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("users who may see this restricted case"),
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "reference"], name="unique_case_ref_per_agency"
            ),
        ]
        indexes = [models.Index(fields=["agency", "status", "-created_on"])]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:detail", args=[self.pk])

    def clean(self):
        errors = {}
        codes = _country_codes()
        if self.destination_country not in codes:
            errors["destination_country"] = _("Unknown country code.")
        bad_route = [c for c in self.route or [] if c not in codes]
        if bad_route:
            errors["route"] = _("Unknown country codes: %(codes)s") % {
                "codes": ", ".join(bad_route)
            }
        from ..choices import MeansOfControl

        bad_means = [m for m in self.means_of_control or [] if m not in MeansOfControl.values]
        if bad_means:
            errors["means_of_control"] = _("Unknown means of control: %(codes)s") % {
                "codes": ", ".join(bad_means)
            }
        if self.district_id and self.province_id and self.district.province_id != self.province_id:
            errors["district"] = _("This district is not in the chosen province.")
        if self.exploitation_start and self.exploitation_start > timezone.localdate():
            errors["exploitation_start"] = _("This date is in the future.")
        if errors:
            raise ValidationError(errors)


class CaseExploitation(models.Model):
    """One type of exploitation in a case; a table (not a list) so lists can filter on it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exploitations")
    exploitation_type = models.CharField(max_length=20, choices=ExploitationType.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "exploitation_type"], name="unique_case_exploitation"
            ),
        ]
        indexes = [models.Index(fields=["exploitation_type", "case"])]

    def __str__(self) -> str:
        return self.exploitation_type


class CaseMember(models.Model):
    """A person in a case: the primary survivor, or a family member (bonded labour)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    # PROTECT: a person's record outlives any one case.
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=8, choices=MemberRole.choices, default=MemberRole.PRIMARY)
    # Encrypted: free text ("second wife", "nephew of the kiln owner") that can identify.
    relation_to_primary = EncryptedCharField(
        _("relation to the primary survivor"), max_length=40, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="unique_case_member"),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(role="primary"), name="one_primary_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.person_id}"


class StatusChange(models.Model):
    """A requested or made move in the case workflow; identification and closure need approval."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=CaseStatus.choices)
    to_status = models.CharField(max_length=12, choices=CaseStatus.choices)
    reason = EncryptedTextField(_("reason"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=8, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateTimeField(null=True, blank=True)
    # Why a request was refused: required for a rejection, read by the requester (notified).
    decision_reason = EncryptedTextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["requested_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(decision="pending"),
                name="one_pending_change_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status} ({self.decision})"
