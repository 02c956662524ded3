"""The resources the ad-screening app adds to the grant vocabulary (declared in ``plugin.py``).

Never "screening": the cases app's victim identification already owns that code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Resource(models.TextChoices):
    AD = "ad", _("Recruitment ads (suspects' contact details)")
    LEAD = "lead", _("Leads from ad screening")
    REGISTRY = "registry", _("Licensed recruiter (OEP) registry")


class Event(models.TextChoices):
    """Audit events of this app (the shared verbs such as record-viewed come from audit)."""

    REGISTRY_PREVIEWED = "registry-import-previewed", _("OEP registry import previewed")
    REGISTRY_APPLIED = "registry-import-applied", _("OEP registry import applied")
    BATCH_UPLOADED = "ad-batch-uploaded", _("Ad batch uploaded")
    BATCH_SPLIT = "ad-batch-split", _("Ad batch split into chunks for scoring")
    BATCH_CHUNK_SCORED = "ad-batch-chunk-scored", _("Ad batch chunk scored")
    BATCH_CANCELLED = "ad-batch-cancelled", _("Ad batch cancelled")
    NETWORKS_UPDATED = "ad-networks-updated", _("Ad networks updated")
    AD_DECIDED = "ad-decided", _("Ad review decision recorded")
    LEAD_DECIDED = "lead-decided", _("Lead approved or refused")
    ADS_REFLAGGED = "ads-reflagged", _("Ads re-flagged after a registry change")
    LICENCES_EXPIRED = "ads-reflagged-licence-expiry", _("Ads re-flagged: licences expired by date")
    MODEL_TRAINED = "scoring-model-trained", _("Scoring model retrained (candidate)")
    MODEL_SWITCHED = "scoring-model-switched", _("Scoring model put in use")
    LEAD_ATTACHED = "lead-attached", _("Lead taken into an investigation")
