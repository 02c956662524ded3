"""Agencies, users and roles. A user belongs to one agency and holds one role."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from rihai.core.bilingual import in_language
from rihai.core.plugins import resource_choices

from ..permissions import Action, Scope


class AgencyType(models.TextChoices):
    FIA_AHTC = "fia-ahtc", _("FIA Anti-Human Trafficking Circle")
    POLICE = "police", _("Provincial police")
    NGO = "ngo", _("NGO")
    SHELTER = "shelter", _("Shelter (Dar-ul-Aman, crisis centre)")
    LEGAL_AID = "legal-aid", _("Legal aid")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial care")
    MEDICAL = "medical", _("Medical care")
    VOCATIONAL = "vocational", _("Vocational training")
    BEOE = "beoe", _("Bureau of Emigration / Protector of Emigrants")
    CHILD_PROTECTION = "child-protection", _("Child protection unit")
    LABOUR = "labour", _("Labour department")
    ANALYSIS = "analysis", _("Government analysis unit")


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Agency(models.Model):
    """An organisation using Rihai: an FIA circle, police unit, NGO, shelter or ministry unit."""

    name = models.CharField(_("name (English)"), max_length=200)
    name_ur = models.CharField(_("name (Urdu)"), max_length=200, blank=True)
    code = models.SlugField(
        _("short code"),
        max_length=20,
        unique=True,
        help_text=_("Used in case reference numbers, e.g. FIA-LHR."),
    )
    agency_type = models.CharField(_("type"), max_length=20, choices=AgencyType.choices)
    # PROTECT: geography is reference data; removing a district must never remove an agency.
    province = models.ForeignKey(
        "geo.Province", on_delete=models.PROTECT, verbose_name=_("province")
    )
    district = models.ForeignKey(
        "geo.District", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("district")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_on = models.DateTimeField(auto_now_add=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="agency_name_not_empty"),
        ]

    def __str__(self) -> str:
        return in_language(self.name, self.name_ur)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.district_id and self.province_id and self.district.province_id != self.province_id:
            raise ValidationError({"district": _("This district is not in the chosen province.")})


class Role(models.Model):
    """A named set of (resource, action, scope) grants, e.g. case worker or analyst."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name (English)"), max_length=100)
    name_ur = models.CharField(_("name (Urdu)"), max_length=100, blank=True)
    requires_mfa = models.BooleanField(_("requires two-factor sign-in"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return in_language(self.name, self.name_ur)


class RolePermission(models.Model):
    """One grant: holders of ``role`` may do ``action`` to ``resource`` within ``scope``."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="grants")
    # Choices are read from the installed apps when needed, so a new app needs no migration here.
    resource = models.CharField(max_length=20, choices=resource_choices)
    action = models.CharField(max_length=10, choices=Action.choices)
    scope = models.PositiveSmallIntegerField(choices=Scope.choices)

    class Meta:
        verbose_name = _("role permission")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "resource", "action"], name="unique_role_grant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role.code}: {self.resource}.{self.action} ({self.get_scope_display()})"


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or not stated")


class User(AbstractUser):
    """A person who signs in to Rihai: always a member of one agency with one role."""

    # PROTECT: removing an agency or role must never silently remove the people who acted.
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("agency"),
    )
    role = models.ForeignKey(
        Role,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("role"),
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.OTHER)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("en", "English"), ("ur", "اردو")],
        default="en",
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def grants(self) -> dict[tuple[str, str], int]:
        """{(resource, action): scope} for this user's role, loaded once per request."""
        cached = getattr(self, "_grants_cache", None)
        if cached is None:
            cached = {}
            if self.is_active and self.role_id:
                for resource, action, scope in RolePermission.objects.filter(
                    role_id=self.role_id
                ).values_list("resource", "action", "scope"):
                    cached[(resource, action)] = scope
            self._grants_cache = cached
        return cached

    def scope_for(self, resource: str, action: str) -> int | None:
        """The scope this user holds for (resource, action), or None: denied unless granted."""
        return self.grants.get((str(resource), str(action)))

    def can(self, resource: str, action: str) -> bool:
        return self.scope_for(resource, action) is not None

    @property
    def needs_mfa(self) -> bool:
        return bool(self.role_id and self.role.requires_mfa) or self.is_superuser
