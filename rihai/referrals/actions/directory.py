"""The directory: providers, their services and beds."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound, require
from rihai.accounts.permissions import Scope
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.core.actions import action

from .. import queries
from ..choices import (
    BedType,
    ServiceType,
)
from ..events import ReferralEvent
from ..models import BedCapacity, Provider, ProviderService
from ..resources import Resource
from ._common import PROVIDER_FIELDS
from .service import _occupied_beds

# ---------------------------------------------------------------- the directory


def _set_services(provider: Provider, services) -> None:
    bad = [s for s in services if s not in ServiceType.values]
    if bad:
        raise ValidationError({"services": _("Unknown service: %(s)s") % {"s": ", ".join(bad)}})
    ProviderService.objects.filter(provider=provider).exclude(service_type__in=services).delete()
    have = set(
        ProviderService.objects.filter(provider=provider).values_list("service_type", flat=True)
    )
    ProviderService.objects.bulk_create(
        [
            ProviderService(provider=provider, service_type=s)
            for s in dict.fromkeys(services)
            if s not in have
        ]
    )


def _check_provider_fields(fields: dict) -> None:
    from ..choices import Language

    unknown = set(fields) - PROVIDER_FIELDS
    if unknown:
        raise ValidationError({k: _("Unknown field.") for k in unknown})
    bad_sex = [
        s for s in fields.get("eligible_sexes", []) if s not in ("female", "male", "transgender")
    ]
    if bad_sex:
        raise ValidationError(
            {"eligible_sexes": _("Unknown sex: %(s)s") % {"s": ", ".join(bad_sex)}}
        )
    bad_lang = [code for code in fields.get("languages", []) if code not in Language.values]
    if bad_lang:
        raise ValidationError(
            {"languages": _("Unknown language: %(s)s") % {"s": ", ".join(bad_lang)}}
        )


@action
def do_create_provider(*, acting_user, services, districts_served, **fields) -> Provider:
    """Lists a provider in the directory, with the needs it meets and the districts it serves."""
    require(acting_user, Resource.SERVICE, "create")
    _check_provider_fields(fields)
    provider = Provider(**fields)
    provider.full_clean()
    provider.save()
    _set_services(provider, list(services))
    provider.districts_served.set(list(districts_served) or [provider.district_id])
    record_audit(
        event=AuditEvent.RECORD_CREATED,
        acting_user=acting_user,
        obj=provider,
        extra={"services": sorted(services), "agency": provider.agency_id},
    )
    return provider


@action
def do_update_provider(
    *, provider, acting_user, services=None, districts_served=None, **fields
) -> Provider:
    """Changes a directory entry; a provider's own staff may keep their entry current."""
    provider = (
        queries.visible_providers(acting_user, "change")
        .select_for_update(of=("self",))
        .filter(pk=provider.pk)
        .first()
    )
    if provider is None:
        raise RecordNotFound
    _check_provider_fields(fields)
    if "agency" in fields and acting_user.scope_for(Resource.SERVICE, "change") != Scope.ALL:
        # Only a directory administrator may say which Rihai agency a provider is.
        raise PermissionDenied
    for name, value in fields.items():
        setattr(provider, name, value)
    provider.full_clean()
    provider.save()
    if services is not None:
        _set_services(provider, list(services))
    if districts_served is not None:
        provider.districts_served.set(list(districts_served) or [provider.district_id])
    changed = sorted(
        [*fields, *(["services"] if services is not None else [])]
        + (["districts_served"] if districts_served is not None else [])
    )
    record_audit(
        event=AuditEvent.RECORD_CHANGED,
        acting_user=acting_user,
        obj=provider,
        extra={"fields": changed},
    )
    return provider


@action
def do_set_bed_capacity(*, provider, bed_type, capacity: int, acting_user) -> BedCapacity:
    """Sets how many beds of a type a shelter has; never fewer than are occupied."""
    provider = (
        queries.visible_providers(acting_user, "change")
        .select_for_update(of=("self",))
        .filter(pk=provider.pk)
        .first()
    )
    if provider is None:
        raise RecordNotFound
    if bed_type not in BedType.values:
        raise ValidationError({"bed_type": _("Unknown bed type.")})
    if capacity is None or int(capacity) < 0 or int(capacity) > 2000:
        raise ValidationError({"capacity": _("Give a number of beds between 0 and 2000.")})
    beds, _created = BedCapacity.objects.select_for_update().get_or_create(
        provider=provider, bed_type=bed_type, defaults={"capacity": 0}
    )
    occupied = _occupied_beds(provider.pk, bed_type)
    if int(capacity) < occupied:
        raise ValidationError(
            {
                "capacity": _(
                    "%(n)s beds of this type are occupied: discharge people before removing beds."
                )
                % {"n": occupied}
            }
        )
    beds.capacity = int(capacity)
    beds.save(update_fields=["capacity"])
    record_audit(
        event=ReferralEvent.BEDS_CHANGED,
        acting_user=acting_user,
        obj=provider,
        extra={"bed_type": bed_type, "capacity": beds.capacity, "occupied": occupied},
    )
    return beds
