"""The case worker's record around a case: notes, documents, tasks and flags.

Everything a person writes here may describe the survivor, so every free-text value is
encrypted at rest (``rihai.core.fields``) and documents are encrypted with a key of their own
(``casework.files``). Rows hang on the case with PROTECT: a case's record is never deleted by
accident with it. Who may read what is decided in ``casework_queries``; every write is an
action in ``actions.casework``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedCharField, EncryptedTextField

from ..casework.choices import FlagKind, NoteKind


def new_document_id() -> str:
    """A non-guessable public id (192 random bits): documents are never addressed by pk."""
    return secrets.token_urlsafe(24)


class CaseNote(models.Model):
    """A contact, visit, call or observation. A confidential note is read only by the case's
    owner (its case worker), its author and the agency's supervisors."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(_("kind of note"), max_length=12, choices=NoteKind.choices)
    text = EncryptedTextField(_("note"))
    confidential = models.BooleanField(_("confidential"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_on = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_on", "-id"]

    def __str__(self):  # ids only: the admin and logs must show no personal data
        return f"note {self.pk} of case {self.case_id}"


class CaseDocument(models.Model):
    """A document or photo. The bytes are stored in the database, encrypted with a key made for
    this file (itself encrypted with the field keys): no file ever sits under MEDIA_ROOT, and
    it is served only through an access-checked, audited view under ``public_id``."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents")
    public_id = models.CharField(
        max_length=40, unique=True, default=new_document_id, editable=False
    )
    # The title may name the survivor ("passport of ..."): encrypted like the rest.
    title = EncryptedCharField(_("title"), max_length=200)
    content_type = models.CharField(max_length=40)  # from the content, never the file name
    size = models.PositiveIntegerField()
    file_key = EncryptedCharField(max_length=100)  # this file's Fernet key, field-encrypted
    ciphertext = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_on = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_on", "-id"]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def type_label(self) -> str:
        return self.content_type.rsplit("/", 1)[-1].upper()  # PDF, PNG, JPEG

    def __str__(self):  # ids only: the admin and logs must show no personal data
        return f"document {self.pk} of case {self.case_id}"


class CaseTask(models.Model):
    """A follow-up with a due date and an assignee who can hold the case."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="tasks")
    title = EncryptedCharField(_("task"), max_length=200)
    due_on = models.DateField(_("due on"), db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateTimeField(default=timezone.now)
    done_on = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["done_on", "due_on", "id"]
        indexes = [models.Index(fields=["assigned_to", "done_on", "due_on"])]

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()

    def __str__(self):  # ids only: the admin and logs must show no personal data
        return f"task {self.pk} of case {self.case_id}"


class CaseFlag(models.Model):
    """A warning on the case, raised with a reason and lifted with a reason (never deleted)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="flags")
    kind = models.CharField(_("flag"), max_length=20, choices=FlagKind.choices)
    reason = EncryptedTextField(_("reason"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_on = models.DateTimeField(default=timezone.now)
    lifted_on = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = EncryptedTextField(_("reason for lifting"), blank=True)

    class Meta:
        ordering = ["lifted_on", "-raised_on", "-id"]
        constraints = [
            # One standing flag of a kind per case: raising it twice would hide who lifted what.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(lifted_on__isnull=True),
                name="one_standing_flag_per_kind",
            )
        ]

    @property
    def is_standing(self) -> bool:
        return self.lifted_on is None

    def __str__(self):  # ids only: the admin and logs must show no personal data
        return f"flag {self.pk} of case {self.case_id}"
