"""Recruitment ads, the batches they arrive in, reviewers' decisions and the leads they raise.

Ads are public posts, but the phone numbers, WhatsApp links, e-mails and URLs in them are
suspects' contact details: the text, URL and entities are encrypted at rest, and every view
of an ad is audited. What the review queue filters and sorts on (score, band, language,
source, flag codes, destinations, licence numbers, dates) holds no one's contact details
and stays plain, so filtering never needs to decrypt.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedCharField, EncryptedTextField


class AdBatch(models.Model):
    """One uploaded file of ads, scored in the background chunk by chunk."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Scoring")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Format(models.TextChoices):
        JSONL = "jsonl", "JSONL"
        CSV = "csv", "CSV"

    # PROTECT: a batch's agency and uploader stay named in its history.
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_on = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=200, blank=True)
    file_format = models.CharField(max_length=5, choices=Format.choices)
    # Keyed hash of the file's bytes: the same file uploaded twice by an agency is one batch.
    file_hash = models.CharField(max_length=64)
    # The file itself, encrypted (ads carry suspects' numbers): scoring resumes from it.
    payload = EncryptedTextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    cancel_requested = models.BooleanField(default=False)
    # Progress: how many lines have been read, scored or rejected (chunks finish in any order).
    cursor = models.PositiveIntegerField(default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    total_lines = models.PositiveIntegerField(default=0)
    ads_new = models.PositiveIntegerField(default=0)
    ads_seen_before = models.PositiveIntegerField(default=0)
    # [{"line": n, "reason": code or short text}] — never the rejected line's content.
    rejects = models.JSONField(default=list)
    finished_on = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_on", "-id"]
        verbose_name = _("ad batch")
        constraints = [
            models.UniqueConstraint(fields=["agency", "file_hash"], name="unique_batch_per_file"),
        ]

    def __str__(self) -> str:
        return f"batch {self.pk} ({self.status})"

    @property
    def progress_percent(self) -> int:
        if not self.total_lines:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.cursor / self.total_lines))


class AdBatchChunk(models.Model):
    """One slice of a batch, scored by its own task: a prefork worker's processes score the
    chunks of a batch side by side. The batch's file is read once, when it is split."""

    # CASCADE: a work item of its batch, nothing else points at it.
    batch = models.ForeignKey(AdBatch, on_delete=models.CASCADE, related_name="chunks")
    start_line = models.PositiveIntegerField()  # the lines after this one ...
    end_line = models.PositiveIntegerField()  # ... up to and including this one
    # The chunk's parsed records as JSON, encrypted like the file they came from.
    records = EncryptedTextField()
    # [{"line": n, "reason": code}] of the chunk's lines that were not ads.
    rejects = models.JSONField(default=list)
    done = models.BooleanField(default=False)
    # Which process stored it ("pid@host"): shows that a worker, not the web process, did.
    scored_by = models.CharField(max_length=80, blank=True)
    finished_on = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "end_line"]
        verbose_name = _("ad batch chunk")
        constraints = [
            models.UniqueConstraint(fields=["batch", "end_line"], name="unique_chunk_per_batch"),
        ]

    def __str__(self) -> str:
        return f"chunk {self.start_line + 1}-{self.end_line} of batch {self.batch_id}"


class ReviewStatus(models.TextChoices):
    NEW = "new", _("Not reviewed")
    DISMISSED = "dismiss", _("Dismissed")
    WATCHED = "watch", _("Watched")
    LEAD = "lead", _("Lead raised")


class Ad(models.Model):
    """One recruitment ad, stored once however many batches bring it."""

    # Identity: a keyed hash of the normalised text (unique), and of source + URL when the
    # ad has a URL. The same ad twice is one ad by either key.
    content_hash = models.CharField(max_length=64, unique=True)
    url_key = models.CharField(max_length=64, blank=True, db_index=True)
    external_id = EncryptedCharField(max_length=200, blank=True)
    text = EncryptedTextField()
    # The normalised text the flag spans point into (highlighting needs exactly this text).
    normalized_text = EncryptedTextField()
    url = EncryptedTextField(blank=True)
    source = models.CharField(_("source"), max_length=60, blank=True, db_index=True)
    captured_on = models.DateTimeField(_("captured"), null=True, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=10, db_index=True)
    score = models.FloatField(_("score"), db_index=True)
    band = models.CharField(_("band"), max_length=10)
    # [{rule_id, category, weight, span: [start, end], explanation_en, explanation_ur}]
    flags = models.JSONField(default=list)
    # "|code|code|" strings: a substring filter works the same on SQLite and PostgreSQL.
    flag_codes = models.CharField(max_length=1000, blank=True)
    app_flags = models.CharField(max_length=300, blank=True)
    destinations = models.CharField(max_length=300, blank=True)
    licences = models.CharField(max_length=300, blank=True)
    # phones (E.164), whatsapp, emails, urls, domains, licences, salaries, visa types: JSON
    entities = EncryptedTextField(default="{}")
    model_version = models.CharField(max_length=40, blank=True)
    rules_version = models.PositiveIntegerField(default=0)
    # PROTECT: the batch that first brought the ad stays as its provenance.
    batch = models.ForeignKey(AdBatch, on_delete=models.PROTECT, related_name="ads")
    # For clustering without decrypting: the MinHash signature of the normalised text (64
    # uint32, not reversible to the text) and keyed hashes of the contact keys.
    signature = models.BinaryField(null=True)
    contact_keys = models.JSONField(default=list)
    # SET_NULL: a network merged into another is removed; its ads move first.
    network = models.ForeignKey(
        "screening.Network",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ads",
        verbose_name=_("network"),
    )
    # Where the ad sits in the network store (``network_links.py``): its near-duplicate group
    # and its contact group, each named by the group's smallest ad id. Null until the ad is
    # linked; ``shares_contact``: one of its contacts is another ad's too (a strong link).
    template_root = models.BigIntegerField(null=True, blank=True, db_index=True)
    contact_root = models.BigIntegerField(null=True, blank=True, db_index=True)
    shares_contact = models.BooleanField(default=False)
    in_template = models.BooleanField(default=False)  # its template group has 2+ ads
    review_status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.NEW, db_index=True
    )
    created_on = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-score", "-id"]
        verbose_name = _("ad")
        indexes = [
            # The home page's and the queue's "high risk, not reviewed", in queue order:
            # without it the filter scanned every ad (3 s at 100,000 ads).
            models.Index(
                fields=["band", "review_status", "-score", "-id"], name="ad_band_review_queue"
            ),
            # The queue's order itself: the first page reads 50 index entries, not a million
            # rows sorted (filters that match many ads walk it too, stopping at a page).
            models.Index(fields=["-score", "-id"], name="ad_queue_order"),
        ]

    def __str__(self) -> str:  # never the text: it holds suspects' numbers
        return f"ad {self.pk} ({self.band}, {self.score:.2f})"

    @staticmethod
    def codes(values) -> str:
        return "".join(f"|{v}" for v in values) + "|" if values else ""

    @staticmethod
    def split(codes: str) -> list[str]:
        return [c for c in codes.split("|") if c]


class AdDecision(models.Model):
    """A reviewer's decision on an ad: dismiss, watch, or raise a lead. Kept, never edited."""

    ad = models.ForeignKey(Ad, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(max_length=10, choices=ReviewStatus.choices)
    note = EncryptedTextField(blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("ad decision")

    def __str__(self) -> str:
        return f"{self.decision} on ad {self.ad_id}"


class Lead(models.Model):
    """An ad a reviewer asks another agency (an FIA circle, the Bureau) to act on.

    Raised by a reviewer, approved by a supervisor of the raising agency, then visible to the
    target agency, whose investigator opens an inquiry from it or attaches it to one of the
    agency's investigations (``rihai.justice.actions.leads``): the ad goes in as evidence.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting approval")
        SENT = "sent", _("Approved and sent")
        REFUSED = "refused", _("Refused")
        ATTACHED = "attached", _("In an investigation")

    ad = models.ForeignKey(Ad, on_delete=models.PROTECT, related_name="leads")
    decision = models.OneToOneField(AdDecision, on_delete=models.PROTECT, related_name="lead")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    target_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("sent to")
    )
    note = EncryptedTextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_on = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateTimeField(null=True, blank=True)
    # The investigation the target agency opened from the lead or attached it to. PROTECT: a
    # lead that became evidence keeps pointing at the investigation that holds it.
    investigation = models.ForeignKey(
        "justice.Investigation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("investigation"),
    )
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    attached_on = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("lead")

    def __str__(self) -> str:
        return f"lead {self.pk} ({self.status})"
