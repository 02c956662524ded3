"""An investigation and its prosecution: stages, offences charged, victims, hearings, outcome."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedCharField, EncryptedTextField

from ..choices import Outcome, Stage


class Investigation(models.Model):
    """One complaint's road from inquiry through FIR, challan and trial to judgment and appeal.

    ``agency`` is the police station or FIA circle that investigates; its members see the
    investigation (agency scope). ``stage`` and ``stage_since`` repeat the latest StageEvent so
    the delay lists filter on an index instead of reading every history.
    """

    # PROTECT: an agency or officer is never deleted while a prosecution names them.
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("police station or FIA circle"),
    )
    reference = models.CharField(_("reference"), max_length=40, editable=False)
    complaint_number = models.CharField(_("complaint or inquiry number"), max_length=40)
    complaint_date = models.DateField(_("complaint received on"))
    fir_number = models.CharField(_("FIR number"), max_length=40, blank=True)
    fir_date = models.DateField(_("FIR date"), null=True, blank=True)
    investigating_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("investigating officer"),
    )
    # Where the offence is prosecuted; the delay lists group by it. Defaults to the agency's.
    district = models.ForeignKey(
        "geo.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    stage = models.CharField(
        _("stage"), max_length=10, choices=Stage.choices, default=Stage.COMPLAINT
    )
    stage_since = models.DateField(_("in this stage since"))
    next_hearing = models.DateField(_("next hearing"), null=True, blank=True)

    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_date = models.DateField(_("outcome date"), null=True, blank=True)
    # Encrypted: a sentence names what happened to a person.
    sentence = EncryptedTextField(_("sentence"), blank=True)
    fine_rupees = models.PositiveBigIntegerField(_("fine (Rs)"), null=True, blank=True)
    compensation_ordered_rupees = models.PositiveBigIntegerField(
        _("compensation ordered to the victim (Rs)"), null=True, blank=True
    )
    compensation_paid_rupees = models.PositiveBigIntegerField(
        _("compensation paid to the victim (Rs)"), null=True, blank=True
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateTimeField(default=timezone.now)
    modified_on = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "reference"], name="unique_investigation_ref_per_agency"
            ),
            # A paid amount never exceeds what was ordered.
            models.CheckConstraint(
                condition=models.Q(compensation_paid_rupees__isnull=True)
                | models.Q(compensation_ordered_rupees__gte=models.F("compensation_paid_rupees")),
                name="compensation_paid_within_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "stage", "stage_since"]),
            models.Index(fields=["stage", "stage_since"]),
        ]

    def __str__(self) -> str:
        return self.reference


class StageEvent(models.Model):
    """The date an investigation entered a stage; one per stage, never rewritten."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="stage_events"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices)
    on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "stage"], name="unique_stage_per_investigation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.investigation_id}:{self.stage}"


class InvestigationOffence(models.Model):
    """An offence charged, pinned to the version in force on the FIR date."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="offences"
    )
    offence_version = models.ForeignKey(
        "justice.OffenceVersion", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "offence_version"], name="unique_offence_charged"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.investigation_id}:{self.offence_version_id}"


class VictimLink(models.Model):
    """A survivor's case linked to the investigation, with the protection measures owed to them.

    The measures are shown to everyone who must honour them: the investigator, the supervisor
    and the case worker of the linked case.
    """

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="victim_links"
    )
    # PROTECT: a survivor's case is never deleted while a prosecution relies on it.
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    protection_measures = models.JSONField(_("protection measures"), default=list, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_on = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["investigation", "case"], name="unique_victim_link"),
        ]
        indexes = [models.Index(fields=["case", "investigation"])]

    def __str__(self) -> str:
        return f"{self.investigation_id}:{self.case_id}"


class Hearing(models.Model):
    """A court date on the investigation's calendar."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="hearings"
    )
    on = models.DateField(_("hearing date"))
    court_name = models.CharField(_("court"), max_length=120)
    # Free text ("statement of the survivor, ..."): may name a victim or witness.
    purpose = EncryptedCharField(_("purpose"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["investigation", "on"])]

    def __str__(self) -> str:
        return f"{self.investigation_id}:{self.on}"
