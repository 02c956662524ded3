"""Opening an investigation and moving it through its stages: offences charged, victims'
cases linked with their protection measures, hearings, the outcome and compensation paid."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from rihai.accounts.models import User
from rihai.audit.actions import record_audit
from rihai.cases import queries as cases_queries
from rihai.core.actions import action

from .. import queries
from ..choices import (
    IN_COURT,
    STAGE_ORDER,
    TRANSITIONS,
    Outcome,
    Stage,
    TriState,
)
from ..models import (
    Hearing,
    Investigation,
    InvestigationOffence,
    StageEvent,
    VictimLink,
)
from ..resources import Resource
from ._common import (
    _before_stage,
    _charging_date,
    _check_date,
    _clean_measures,
    _next_reference,
    _officer,
    _refresh_next_hearing,
    _repin_offences,
    _require,
    _version_in_force,
)


@action
def do_open_investigation(
    *,
    acting_user: User,
    complaint_number: str,
    complaint_date,
    investigating_officer: User | None = None,
    district=None,
    offence_codes=(),
) -> Investigation:
    """Opens an investigation at the acting user's agency, in the complaint stage."""
    _require(acting_user, "create")
    agency = acting_user.agency
    if agency is None:
        raise PermissionDenied
    officer = _officer(agency, investigating_officer or acting_user)
    complaint_number = (complaint_number or "").strip()
    if not complaint_number:
        raise ValidationError({"complaint_number": _("Enter the complaint or inquiry number.")})
    _check_date(complaint_date, field="complaint_date")
    investigation = Investigation(
        agency=agency,
        reference=_next_reference(agency),
        complaint_number=complaint_number,
        complaint_date=complaint_date,
        investigating_officer=officer,
        district=district or agency.district,
        stage=Stage.COMPLAINT,
        stage_since=complaint_date,
        created_by=acting_user,
    )
    investigation.full_clean()
    versions = [_version_in_force(code, complaint_date) for code in dict.fromkeys(offence_codes)]
    investigation.save()
    StageEvent.objects.create(
        investigation=investigation,
        stage=Stage.COMPLAINT,
        on=complaint_date,
        recorded_by=acting_user,
    )
    InvestigationOffence.objects.bulk_create(
        [InvestigationOffence(investigation=investigation, offence_version=v) for v in versions]
    )
    record_audit(
        event="investigation-opened",
        acting_user=acting_user,
        obj=investigation,
        extra={"offence_versions": [v.pk for v in versions]},
    )
    return investigation


@action
def do_record_stage(
    *, investigation: Investigation, stage: str, on, acting_user: User, fir_number: str = ""
) -> Investigation:
    """Moves the investigation to ``stage`` on date ``on``; refuses jumps and impossible dates."""
    investigation = queries.access_investigation(
        acting_user, investigation.pk, "change", for_update=True
    )
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown stage.")})
    if investigation.outcome:
        raise ValidationError({"stage": _("The outcome is recorded; the investigation is closed.")})
    allowed = TRANSITIONS[investigation.stage]
    if stage not in allowed:
        raise ValidationError(
            {
                "stage": _("From “%(current)s” the next stage can only be: %(allowed)s.")
                % {
                    "current": investigation.get_stage_display(),
                    "allowed": ", ".join(
                        str(Stage(s).label) for s in sorted(allowed, key=STAGE_ORDER.get)
                    )
                    or "—",
                }
            }
        )
    _check_date(
        on,
        field="on",
        not_before=investigation.stage_since,
        too_early=_before_stage(investigation),
    )
    if stage == Stage.FIR:
        fir_number = (fir_number or "").strip()
        if not fir_number:
            raise ValidationError({"fir_number": _("Enter the FIR number.")})
        investigation.fir_number, investigation.fir_date = fir_number, on
        _repin_offences(investigation, on)
    investigation.stage, investigation.stage_since = stage, on
    investigation.save(
        update_fields=["stage", "stage_since", "fir_number", "fir_date", "modified_on"]
    )
    StageEvent.objects.create(
        investigation=investigation, stage=stage, on=on, recorded_by=acting_user
    )
    record_audit(
        event="stage-recorded", acting_user=acting_user, obj=investigation, extra={"stage": stage}
    )
    return investigation


@action
def do_charge_offence(
    *, investigation: Investigation, offence_code: str, acting_user: User
) -> InvestigationOffence:
    """Adds an offence, in the version in force on the FIR date (or the complaint date)."""
    investigation = queries.access_investigation(
        acting_user, investigation.pk, "change", for_update=True
    )
    version = _version_in_force(offence_code, _charging_date(investigation))
    if InvestigationOffence.objects.filter(
        investigation=investigation, offence_version__offence=version.offence
    ).exists():
        raise ValidationError({"offence": _("This offence is already charged.")})
    charge = InvestigationOffence.objects.create(
        investigation=investigation, offence_version=version
    )
    record_audit(
        event="offence-charged",
        acting_user=acting_user,
        obj=investigation,
        extra={"offence_version": version.pk, "offence": version.offence.code},
    )
    return charge


@action
def do_link_victim_case(
    *, investigation: Investigation, case, acting_user: User, protection_measures=()
) -> VictimLink:
    """Links a survivor's case the acting user may see; the link carries protection measures."""
    investigation = queries.access_investigation(
        acting_user, investigation.pk, "change", for_update=True
    )
    case = cases_queries.access_case(acting_user, getattr(case, "pk", case))
    measures = _clean_measures(protection_measures)
    if VictimLink.objects.filter(investigation=investigation, case=case).exists():
        raise ValidationError({"case": _("This case is already linked.")})
    link = VictimLink.objects.create(
        investigation=investigation, case=case, protection_measures=measures, linked_by=acting_user
    )
    record_audit(
        event="victim-linked",
        acting_user=acting_user,
        obj=investigation,
        extra={"case": case.pk, "measures": measures},
    )
    return link


@action
def do_set_protection_measures(*, link: VictimLink, measures, acting_user: User) -> VictimLink:
    link = queries.access_victim_link(acting_user, link.pk, "change", for_update=True)
    link.protection_measures = _clean_measures(measures)
    link.save(update_fields=["protection_measures"])
    record_audit(
        event="protection-changed",
        acting_user=acting_user,
        obj=link.investigation,
        extra={"case": link.case_id, "measures": link.protection_measures},
    )
    return link


@action
def do_schedule_hearing(
    *, investigation: Investigation, on, court_name: str, acting_user: User, purpose: str = ""
) -> Hearing:
    """A court date; only once the challan is in court. Future dates are the point here."""
    investigation = queries.access_investigation(
        acting_user, investigation.pk, "change", for_update=True
    )
    if investigation.stage not in IN_COURT:
        raise ValidationError({"on": _("Hearings begin once the challan is submitted.")})
    if on is None or on < investigation.complaint_date:
        raise ValidationError({"on": _("A hearing cannot be before the complaint.")})
    court_name = (court_name or "").strip()
    if not court_name:
        raise ValidationError({"court_name": _("Enter the court.")})
    hearing = Hearing(
        investigation=investigation,
        on=on,
        court_name=court_name,
        purpose=(purpose or "").strip(),
        recorded_by=acting_user,
    )
    hearing.full_clean()
    hearing.save()
    _refresh_next_hearing(investigation)
    record_audit(
        event="hearing-scheduled",
        acting_user=acting_user,
        obj=investigation,
        extra={"hearing": hearing.pk},
    )
    return hearing


@action
def do_record_outcome(
    *,
    investigation: Investigation,
    outcome: str,
    on,
    acting_user: User,
    sentence: str = "",
    fine_rupees: int | None = None,
    compensation_ordered_rupees: int | None = None,
) -> Investigation:
    """Conviction or acquittal at judgment; compromise or withdrawal need a supervisor's approval,
    and a compromise only where every offence charged is compoundable."""
    action_needed = "approve" if outcome in (Outcome.COMPROMISE, Outcome.WITHDRAWAL) else "change"
    if not acting_user.can(Resource.INVESTIGATION, action_needed):
        raise PermissionDenied(_("A withdrawal or compromise needs a supervisor's approval."))
    investigation = queries.access_investigation(
        acting_user, investigation.pk, action_needed, for_update=True
    )
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    if investigation.outcome:
        raise ValidationError({"outcome": _("The outcome is already recorded.")})
    if outcome in (Outcome.CONVICTION, Outcome.ACQUITTAL) and investigation.stage not in (
        Stage.JUDGMENT,
        Stage.APPEAL,
    ):
        raise ValidationError({"outcome": _("A conviction or acquittal is recorded at judgment.")})
    if outcome in (Outcome.COMPROMISE, Outcome.WITHDRAWAL) and not investigation.fir_date:
        raise ValidationError({"outcome": _("There is no prosecution before an FIR.")})
    if outcome == Outcome.COMPROMISE:
        not_compoundable = investigation.offences.exclude(
            offence_version__compoundable=TriState.YES
        ).exists()
        if not_compoundable or not investigation.offences.exists():
            raise ValidationError(
                {
                    "outcome": _(
                        "A compromise is possible only when every offence charged is recorded as "
                        "compoundable."
                    )
                }
            )
    _check_date(
        on,
        field="on",
        not_before=investigation.stage_since,
        too_early=_before_stage(investigation),
    )
    if outcome != Outcome.CONVICTION and (sentence or fine_rupees or compensation_ordered_rupees):
        raise ValidationError(
            {"sentence": _("A sentence, fine or compensation needs a conviction.")}
        )
    for field, value in (
        ("fine_rupees", fine_rupees),
        ("compensation_ordered_rupees", compensation_ordered_rupees),
    ):
        if value is not None and value < 0:
            raise ValidationError({field: _("Enter an amount of zero or more.")})
    investigation.outcome, investigation.outcome_date = outcome, on
    investigation.sentence = (sentence or "").strip()
    investigation.fine_rupees = fine_rupees
    investigation.compensation_ordered_rupees = compensation_ordered_rupees
    investigation.save(
        update_fields=[
            "outcome",
            "outcome_date",
            "sentence",
            "fine_rupees",
            "compensation_ordered_rupees",
            "modified_on",
        ]
    )
    record_audit(
        event="outcome-recorded",
        acting_user=acting_user,
        obj=investigation,
        extra={"outcome": outcome},
    )
    return investigation


@action
def do_record_compensation_paid(
    *, investigation: Investigation, amount_rupees: int, acting_user: User
) -> Investigation:
    """The total paid to the victim so far; never more than the court ordered."""
    investigation = queries.access_investigation(
        acting_user, investigation.pk, "change", for_update=True
    )
    ordered = investigation.compensation_ordered_rupees
    if not ordered:
        raise ValidationError({"amount_rupees": _("No compensation was ordered.")})
    if amount_rupees is None or amount_rupees < 0 or amount_rupees > ordered:
        raise ValidationError(
            {
                "amount_rupees": _("Enter an amount between 0 and the %(ordered)s ordered.")
                % {"ordered": ordered}
            }
        )
    investigation.compensation_paid_rupees = amount_rupees
    investigation.save(update_fields=["compensation_paid_rupees", "modified_on"])
    record_audit(
        event="compensation-paid",
        acting_user=acting_user,
        obj=investigation,
        extra={"amount": amount_rupees},
    )
    return investigation
