"""Reports from the public: what happened, kept encrypted, with nothing that identifies the sender.

No IP address, user agent, cookie or session is stored with a report (the tests read the
raw rows). The tracking code is kept only as a keyed hash: someone with a copy of the
database cannot read the codes and follow a report as its sender would.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedTextField

from .choices import ConcernKind, ReportStatus, TriageOutcome


class Report(models.Model):
    """A concern reported anonymously on the public site, routed to one agency's intake queue."""

    code_bidx = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("what it is about"), max_length=12, choices=ConcernKind.choices)
    urgent = models.BooleanField(_("someone is in danger now"), default=False)
    # PROTECT: geography is reference data.
    district = models.ForeignKey(
        "geo.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    what_happened = EncryptedTextField(_("what happened"))
    who = EncryptedTextField(_("names of recruiters, agents or agencies"), blank=True)
    phones = EncryptedTextField(_("phone numbers"), blank=True)
    links = EncryptedTextField(_("links or social media accounts"), blank=True)
    contact = EncryptedTextField(_("how we can reach you (optional)"), blank=True)
    # PROTECT: a report routed to an agency stays with it even if the agency is deactivated.
    routed_to = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    # The day only: a minute-precise time could be matched against a web server's log.
    received_on = models.DateField(default=timezone.localdate)
    triage_outcome = models.CharField(max_length=14, choices=TriageOutcome.choices, blank=True)
    triage_note = EncryptedTextField(blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the triage opened in the app that acts on it (at most one). PROTECT: the record
    # and the report it came from are kept together; staff follow the link, the sender never
    # sees it (their page shows the status only).
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    investigation = models.ForeignKey(
        "justice.Investigation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ad_batch = models.ForeignKey(
        "screening.AdBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-urgent", "-received_on", "-id"]
        indexes = [models.Index(fields=["routed_to", "status"])]
        verbose_name = _("public report")

    def __str__(self) -> str:
        return f"report {self.pk}"


class ReportAddition(models.Model):
    """More information the sender added later with their tracking code."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="additions")
    text = EncryptedTextField()
    received_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"addition {self.pk} to report {self.report_id}"
