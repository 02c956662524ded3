from django.db import models
from django.utils.translation import gettext_lazy as _


class ConcernKind(models.TextChoices):
    """What the person is worried about; decides which agency receives the report."""

    ABROAD = "abroad", _("A job or travel abroad")
    IN_PAKISTAN = "in-pakistan", _("Work or exploitation inside Pakistan")
    CHILD = "child", _("A child is involved")
    BONDED = "bonded", _("Work to pay off a debt (bonded labour)")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    """What the person who reported sees with their tracking code: states, never staff notes."""

    RECEIVED = "received", _("Received: waiting to be read")
    UNDER_REVIEW = "under-review", _("Being looked at by the responsible office")
    ACTED_ON = "acted-on", _("Action taken (a case, an investigation or a check was opened)")
    CLOSED = "closed", _("Closed: no further action")


class TriageOutcome(models.TextChoices):
    CASE = "case", _("Open a case (a person needs protection)")
    INVESTIGATION = "investigation", _("Pass to investigators")
    SCREENING = "screening", _("Check the recruiter or the ads")
    NO_ACTION = "no-action", _("No action: not enough to act on")
