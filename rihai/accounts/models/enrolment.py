"""One-time codes that let a user enrol their first two-factor device.

Without one, whoever learned a password could enrol their own authenticator on the account
and pass its second factor for ever after. The code is shown once to the issuer (an
administrator, or a supervisor of the user's agency), who hands it to the user in person;
only its hash is stored.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ENROLMENT_CODE_LIFETIME = timedelta(hours=72)


def _default_expiry():
    return timezone.now() + ENROLMENT_CODE_LIFETIME


class EnrolmentCode(models.Model):
    """A single-use, expiring code for ``user``'s next two-factor enrolment (hashed)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enrolment_codes",
        verbose_name=_("user"),
    )
    # Django's salted password hash: a stolen database does not give usable codes.
    code_hash = models.CharField(max_length=200)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,  # null: issued from the server's command line
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_on = models.DateTimeField(default=timezone.now)
    expires_on = models.DateTimeField(default=_default_expiry)
    used_on = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("two-factor enrolment code")
        verbose_name_plural = _("two-factor enrolment codes")

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_usable(self) -> bool:
        return self.used_on is None and timezone.now() < self.expires_on
