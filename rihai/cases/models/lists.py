"""A user's own case list: which columns they see, and the searches they saved."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core.fields import EncryptedCharField, EncryptedTextField


class CaseListSettings(models.Model):
    """The columns one user chose for the case list (codes from views/case_list.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    columns = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"columns of {self.user_id}"


class SavedSearch(models.Model):
    """A filter of the case list a user saved under a name of their choosing.

    Only the form's own fields are kept (what the user typed or chose), never what a search
    resolved to (person ids). Name and query are encrypted: the search box takes names,
    CNICs and phone numbers.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = EncryptedCharField(_("name of the search"), max_length=80)
    query = EncryptedTextField()  # a urlencoded query string of CaseFilterForm fields
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("saved search")

    def __str__(self) -> str:
        return f"search {self.pk}"  # never the name: it may hold a person's name
