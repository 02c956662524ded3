"""A model used only by the tests of the encryption fields (installed by the test settings)."""

from django.db import models

from rihai.core.fields import BlindIndexField, EncryptedCharField, EncryptedTextField


def digits_only(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


class SecretNote(models.Model):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True)
    name = EncryptedCharField(max_length=100, blank=True)
    body = EncryptedTextField(blank=True)
    cnic = EncryptedCharField(max_length=15, blank=True)
    cnic_bidx = BlindIndexField(source="cnic", normaliser=digits_only)

    def __str__(self) -> str:
        return f"note {self.pk}"
