"""Model fields that keep personal data encrypted at rest.

``EncryptedTextField`` stores ciphertext and hands Python code the plaintext.
``BlindIndexField`` stores a keyed hash of another field's normalised value, computed on save,
so exact matches (CNIC, phone) can be found without decrypting every row.
"""

from collections.abc import Callable

from django.core import checks
from django.db import models

from . import encryption


class EncryptedTextField(models.TextField):
    """Text encrypted with the configured Fernet keys; cannot be filtered or ordered on."""

    encrypted = True

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return encryption.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encryption.encrypt(str(value))

    def get_lookup(self, lookup_name):
        # Only null checks make sense on ciphertext; anything else would silently match nothing.
        if lookup_name not in ("isnull",):
            return None
        return super().get_lookup(lookup_name)


class EncryptedCharField(EncryptedTextField):
    """An encrypted short value; ``max_length`` is checked on the plaintext by forms and clean()."""

    def __init__(self, *args, max_length: int | None = None, **kwargs):
        self.plaintext_max_length = max_length
        super().__init__(*args, **kwargs)
        if max_length:
            from django.core.validators import MaxLengthValidator

            self.validators.append(MaxLengthValidator(max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plaintext_max_length:
            kwargs["max_length"] = self.plaintext_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("form_class", forms.CharField)
        kwargs.setdefault("max_length", self.plaintext_max_length)
        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)


class BlindIndexField(models.CharField):
    """HMAC of ``normaliser(getattr(instance, source))``, or empty when the source is empty."""

    def __init__(
        self, *args, source: str = "", normaliser: Callable[[str], str] | None = None, **kwargs
    ):
        self.source = source
        self.normaliser = normaliser or (lambda value: value.strip())
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if not self.source:
            errors.append(checks.Error("BlindIndexField needs source=", obj=self, id="rihai.E001"))
        return errors

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key in ("max_length", "blank", "editable", "db_index"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        raw = getattr(model_instance, self.source)
        normalised = self.normaliser(raw) if raw else ""
        value = encryption.blind_index(normalised) if normalised else ""
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


def blind_index_fields(model) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
