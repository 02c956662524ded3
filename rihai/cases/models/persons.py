"""A survivor (or possible victim) and their encrypted personal data."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rihai.core import validators as v
from rihai.core.fields import BlindIndexField, EncryptedCharField, EncryptedTextField
from rihai.core.transliterate import family_key, name_key

from ..choices import ParentageRelation, PersonSex


class NameKeyIndexField(BlindIndexField):
    """Blind index of the phonetic key of the name, from Roman Urdu or else Urdu script."""

    def pre_save(self, model_instance, add):
        from rihai.core import encryption

        key = name_key(model_instance.name_roman or model_instance.name_ur or "")
        value = encryption.blind_index("name:" + key) if key else ""
        setattr(model_instance, self.attname, value)
        return value


class FamilyNameKeyIndexField(BlindIndexField):
    """Blind index of the phonetic key of the name's last token (the family name, usually)."""

    def pre_save(self, model_instance, add):
        from rihai.core import encryption

        key = family_key(model_instance.name_roman or model_instance.name_ur or "")
        value = encryption.blind_index("name:" + key) if key else ""
        setattr(model_instance, self.attname, value)
        return value


class PersonQuerySet(models.QuerySet):
    def active(self):
        """Persons not merged into another record."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    """A person who may be a victim: one record however many cases they appear in over time.

    Every identifying field is encrypted at rest. ``birth_year``, ``sex``, nationality and
    geography stay plain: they are needed for statistics and duplicate blocking, and on their
    own identify no one.
    """

    # PROTECT: an agency is never deleted while it holds survivors' records.
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateTimeField(default=timezone.now)
    modified_on = models.DateTimeField(auto_now=True)
    # Raised by every edit of the record: an edit made against an older version (another user
    # saved in between) is refused with what changed, never a silent overwrite (the ETag).
    version = models.PositiveIntegerField(default=1, editable=False)

    name_ur = EncryptedCharField(_("name (Urdu script)"), max_length=120, blank=True)
    name_roman = EncryptedCharField(_("name (Roman Urdu / English)"), max_length=120, blank=True)
    parentage_relation = models.CharField(
        _("relation"), max_length=3, choices=ParentageRelation.choices, blank=True
    )
    parentage_name = EncryptedCharField(_("father's or husband's name"), max_length=120, blank=True)
    sex = models.CharField(_("sex"), max_length=12, choices=PersonSex.choices)
    date_of_birth = EncryptedCharField(_("date of birth"), max_length=10, blank=True)
    estimated_age = models.PositiveSmallIntegerField(_("estimated age"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        null=True, blank=True, db_index=True, editable=False
    )
    nationality = models.CharField(_("nationality"), max_length=2, default="PK")

    cnic = EncryptedCharField(_("CNIC"), max_length=15, blank=True, validators=[v.validate_cnic])
    cnic_bidx = BlindIndexField(source="cnic", normaliser=v.digits_only)
    bform = EncryptedCharField(_("B-Form"), max_length=15, blank=True, validators=[v.validate_cnic])
    bform_bidx = BlindIndexField(source="bform", normaliser=v.digits_only)
    passport = EncryptedCharField(
        _("passport number"), max_length=20, blank=True, validators=[v.validate_passport]
    )
    passport_bidx = BlindIndexField(source="passport", normaliser=v.normalise_passport)
    phone = EncryptedCharField(_("phone"), max_length=30, blank=True, validators=[v.validate_phone])
    phone_bidx = BlindIndexField(source="phone", normaliser=v.normalise_phone)
    # A keyed hash of the name's phonetic skeleton (same for Urdu script and Roman Urdu), so
    # duplicate search reads a handful of candidates instead of decrypting every name.
    name_key_bidx = NameKeyIndexField(source="name_roman")
    # The same for the last token, so a search for the family name alone finds the person.
    family_key_bidx = FamilyNameKeyIndexField(source="name_roman")

    address = EncryptedTextField(_("address"), blank=True)
    province = models.ForeignKey(
        "geo.Province", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    district = models.ForeignKey(
        "geo.District", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("district")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    has_disability = models.BooleanField(_("has a disability"), default=False)
    disability_notes = EncryptedTextField(_("disability notes"), blank=True)
    guardian_name = EncryptedCharField(_("guardian's name"), max_length=120, blank=True)
    # Encrypted: free text, and with the guardian's name it points at a family.
    guardian_relation = EncryptedCharField(_("guardian's relation"), max_length=40, blank=True)
    guardian_phone = EncryptedCharField(
        _("guardian's phone"), max_length=30, blank=True, validators=[v.validate_phone]
    )

    # A merge keeps this record and its history; it only points to the surviving record.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )

    objects = PersonQuerySet.as_manager()

    # What a person's record holds that people may set (forms, API, HTCDS import); one list.
    EDITABLE_FIELDS = (
        "name_ur",
        "name_roman",
        "parentage_relation",
        "parentage_name",
        "sex",
        "date_of_birth",
        "estimated_age",
        "nationality",
        "cnic",
        "bform",
        "passport",
        "phone",
        "address",
        "province",
        "district",
        "languages",
        "needs_interpreter",
        "has_disability",
        "disability_notes",
        "guardian_name",
        "guardian_relation",
        "guardian_phone",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["agency", "sex", "birth_year"])]

    def __str__(self) -> str:
        return f"P-{self.pk}"

    @property
    def display_name(self) -> str:
        return self.name_roman or self.name_ur or f"P-{self.pk}"

    @property
    def age(self) -> int | None:
        if self.date_of_birth:
            born = self._parsed_birth_date()
            today = timezone.localdate()
            return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if self.estimated_age is not None:
            return self.estimated_age
        return None

    @property
    def is_child(self) -> bool:
        """Under 18 (PTPA s.2); unknown age is treated as possibly a child by callers."""
        age = self.age
        return age is not None and age < 18

    def _parsed_birth_date(self):
        from datetime import date

        return date.fromisoformat(self.date_of_birth)

    def clean(self):
        errors = {}
        if not (self.name_ur or self.name_roman):
            errors["name_roman"] = _("Give the name in Urdu script, in Roman Urdu, or both.")
        if self.date_of_birth:
            try:
                born = self._parsed_birth_date()
                v.validate_plausible_birth_date(born)
            except ValueError:
                errors["date_of_birth"] = _("Enter a real date as YYYY-MM-DD.")
            except ValidationError as exc:
                errors["date_of_birth"] = exc.messages
        if self.estimated_age is not None and self.estimated_age > 120:
            errors["estimated_age"] = _("An age must be between 0 and 120.")
        if self.district_id and self.province_id and self.district.province_id != self.province_id:
            errors["district"] = _("This district is not in the chosen province.")
        if self.district_id and not self.province_id:
            self.province_id = self.district.province_id
        if self.sex == PersonSex.FEMALE and self.parentage_relation == ParentageRelation.SON_OF:
            errors["parentage_relation"] = _("S/o is for a son; choose D/o or W/o.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.birth_year = self._birth_year()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "birth_year",
                "name_key_bidx",
                "family_key_bidx",
                "modified_on",
            }
        super().save(*args, **kwargs)

    def _birth_year(self) -> int | None:
        if self.date_of_birth:
            try:
                return self._parsed_birth_date().year
            except ValueError:
                return None
        if self.estimated_age is not None:
            return timezone.localdate().year - self.estimated_age
        return None
