"""Steps shared by several justice actions: grant and date checks, the officer, the reference
counter, offence versions in force."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound
from rihai.accounts.models import Agency, User
from rihai.cases import queries as cases_queries

from ..choices import (
    ProtectionMeasure,
)
from ..models import (
    Hearing,
    Investigation,
    InvestigationOffence,
    InvestigationReferenceCounter,
    Offence,
    OffenceVersion,
    Suspect,
)
from ..resources import Resource

SUSPECT_FIELDS = frozenset(
    {"kind", "role", "name_roman", "name_ur", "cnic", "phone", "address", "oep_licence"}
)


def _require(user, action_name: str) -> None:
    if not user.can(Resource.INVESTIGATION, action_name):
        raise PermissionDenied


def _check_date(value, *, field: str, not_before=None, too_early: str = "") -> None:
    """Not missing, not in the future, not before ``not_before`` (``too_early`` says why)."""
    if value is None:
        raise ValidationError({field: _("Enter a date.")})
    if value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})
    if not_before is not None and value < not_before:
        raise ValidationError({field: too_early})


def _before_stage(investigation: Investigation) -> str:
    return _("This date is before the current stage, “%(stage)s”, which began on %(day)s.") % {
        "stage": investigation.get_stage_display(),
        "day": investigation.stage_since.isoformat(),
    }


def _officer(agency: Agency, officer) -> User:
    """The investigating officer must be an active investigator of the investigating agency;
    an officer of another agency is not ours to name (same answer as a missing one)."""
    if officer is None or officer.agency_id != agency.pk or not officer.is_active:
        raise RecordNotFound
    if not officer.can(Resource.INVESTIGATION, "change"):
        raise ValidationError(
            {"investigating_officer": _("The investigating officer must be an investigator.")}
        )
    return officer


def _next_reference(agency: Agency) -> str:
    """The agency's next investigation reference this year, ``CODE-INV-YYYY-NNNNN`` (more
    digits past 99999).

    The counter row is the lock (the lock order: after the record's own rows, before the audit
    chain head), so two investigations opened at once get different numbers. A year's first
    investigation starts the counter from the highest number already issued, as a number.
    """
    year = timezone.localdate().year
    prefix = f"{agency.code.upper()}-INV-{year}-"
    counters = InvestigationReferenceCounter.objects.select_for_update()
    counter = counters.filter(agency=agency, year=year).first()
    if counter is None:
        # Two first investigations at once: one insert wins, the other is ignored; both lock it.
        InvestigationReferenceCounter.objects.bulk_create(
            [
                InvestigationReferenceCounter(
                    agency=agency, year=year, last=_highest_number(agency, prefix)
                )
            ],
            ignore_conflicts=True,
        )
        counter = counters.get(agency=agency, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}{counter.last:05d}"


def _highest_number(agency: Agency, prefix: str) -> int:
    numbers = (
        Investigation.objects.filter(agency=agency, reference__startswith=prefix)
        .annotate(number=Cast(Substr("reference", len(prefix) + 1), IntegerField()))
        .aggregate(highest=Max("number"))
    )
    return numbers["highest"] or 0


def _version_in_force(offence_code: str, day) -> OffenceVersion:
    offence = Offence.objects.filter(code=offence_code).first()
    if offence is None:
        raise ValidationError(
            {"offence": _("Unknown offence: %(code)s.") % {"code": offence_code[:40]}}
        )
    version = OffenceVersion.objects.in_force_on(day).filter(offence=offence).first()
    if version is None:
        raise ValidationError(
            {
                "offence": _("%(offence)s was not in force on %(day)s.")
                % {"offence": str(offence), "day": day.isoformat()}
            }
        )
    return version


def _charging_date(investigation: Investigation):
    """Offences are those in force on the FIR date; before an FIR, on the complaint date."""
    return investigation.fir_date or investigation.complaint_date


def _repin_offences(investigation: Investigation, day) -> None:
    """At the FIR, each offence charged so far moves to the version in force on the FIR date."""
    for charge in InvestigationOffence.objects.select_related("offence_version__offence").filter(
        investigation=investigation
    ):
        version = _version_in_force(charge.offence_version.offence.code, day)
        if version.pk != charge.offence_version_id:
            charge.offence_version = version
            charge.save(update_fields=["offence_version"])


def _clean_measures(measures) -> list[str]:
    measures = list(dict.fromkeys(measures or []))
    unknown = [m for m in measures if m not in ProtectionMeasure.values]
    if unknown:
        raise ValidationError({"protection_measures": _("Unknown protection measure.")})
    return measures


def _refresh_next_hearing(investigation: Investigation) -> None:
    upcoming = (
        Hearing.objects.filter(investigation=investigation, on__gte=timezone.localdate())
        .order_by("on")
        .values_list("on", flat=True)
        .first()
    )
    investigation.next_hearing = upcoming
    investigation.save(update_fields=["next_hearing", "modified_on"])


def _matches_a_survivor(suspect: Suspect) -> bool:
    """Whether the suspect's CNIC or phone is a registered survivor's (any agency).

    Only a yes/no leaves the cases app: the investigator learns to consider non-punishment,
    not who the survivor is.
    """
    for value in (suspect.cnic, suspect.phone):
        if value and cases_queries.person_ids_by_identifier(value):
            return True
    return False
