"""Every change to investigations, suspects and evidence: one ``@action`` ``do_*`` each.

Each action re-checks the acting user's scope on the record it changes (locked with
``select_for_update``), validates with bilingual errors before saving anything, and writes its
audit row in the same transaction. Steps shared by several actions are private functions.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound
from rihai.accounts.models import Agency, User
from rihai.audit.actions import record_audit
from rihai.audit.journal import record_read
from rihai.cases import queries as cases_queries
from rihai.core.actions import action

from . import queries
from .choices import (
    IN_COURT,
    STAGE_ORDER,
    TRANSITIONS,
    EvidenceKind,
    LinkDecision,
    Outcome,
    ProtectionMeasure,
    Stage,
    SuspectKind,
    SuspectRole,
    TriState,
)
from .linking import match_basis
from .models import (
    Accused,
    CustodyEntry,
    EvidenceItem,
    Hearing,
    Investigation,
    InvestigationOffence,
    Offence,
    OffenceVersion,
    StageEvent,
    Suspect,
    SuspectLinkDecision,
    VictimLink,
)
from .resources import Resource

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
    # The agency row is the lock: two investigations opened at once get different numbers.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    prefix = f"{agency.code.upper()}-INV-{timezone.localdate().year}-"
    last = (
        Investigation.objects.filter(agency=agency, reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


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


# ---------------------------------------------------------------- investigations


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


def _clean_measures(measures) -> list[str]:
    measures = list(dict.fromkeys(measures or []))
    unknown = [m for m in measures if m not in ProtectionMeasure.values]
    if unknown:
        raise ValidationError({"protection_measures": _("Unknown protection measure.")})
    return measures


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


def _refresh_next_hearing(investigation: Investigation) -> None:
    upcoming = (
        Hearing.objects.filter(investigation=investigation, on__gte=timezone.localdate())
        .order_by("on")
        .values_list("on", flat=True)
        .first()
    )
    investigation.next_hearing = upcoming
    investigation.save(update_fields=["next_hearing", "modified_on"])


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


# ---------------------------------------------------------------- evidence


@action
def do_add_evidence(
    *,
    investigation: Investigation,
    kind: str,
    description: str,
    collected_on,
    acting_user: User,
    sha256: str = "",
) -> EvidenceItem:
    """An item and its first custody entry (the collecting officer), together."""
    investigation = queries.access_investigation(
        acting_user, investigation.pk, "change", for_update=True
    )
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Unknown kind of evidence.")})
    sha256 = (sha256 or "").strip().lower()
    if kind == EvidenceKind.DIGITAL and not sha256:
        raise ValidationError({"sha256": _("Digital evidence needs the SHA-256 of its content.")})
    _check_date(
        collected_on,
        field="collected_on",
        not_before=investigation.complaint_date,
        too_early=_("This date is before the complaint was received (%(day)s).")
        % {"day": investigation.complaint_date.isoformat()},
    )
    item = EvidenceItem(
        investigation=investigation,
        kind=kind,
        description=(description or "").strip(),
        sha256=sha256,
        collected_on=collected_on,
        created_by=acting_user,
    )
    item.full_clean()
    item.save()
    CustodyEntry.objects.create(
        evidence=item,
        holder=acting_user,
        received_on=timezone.now(),
        purpose="collected",
        recorded_by=acting_user,
    )
    record_audit(event="evidence-added", acting_user=acting_user, obj=item, extra={"kind": kind})
    return item


@action
def do_record_custody(
    *,
    evidence: EvidenceItem,
    acting_user: User,
    received_on,
    holder: User | None = None,
    holder_outside: str = "",
    purpose: str = "",
) -> CustodyEntry:
    """Appends a hand-over; entries are never edited, so the chain reads in order of time."""
    evidence = queries.access_evidence(acting_user, evidence.pk, "change", for_update=True)
    if (holder is None) == (not (holder_outside or "").strip()):
        raise ValidationError(
            {"holder": _("Name exactly one holder: a Rihai user or an outside holder.")}
        )
    if holder is not None and holder.agency_id != evidence.investigation.agency_id:
        raise RecordNotFound
    if received_on is None or received_on > timezone.now():
        raise ValidationError({"received_on": _("This date is in the future.")})
    last = CustodyEntry.objects.filter(evidence=evidence).order_by("-received_on").first()
    if last and received_on < last.received_on:
        raise ValidationError(
            {"received_on": _("A hand-over cannot be before the last one in the chain.")}
        )
    entry = CustodyEntry(
        evidence=evidence,
        holder=holder,
        holder_outside=(holder_outside or "").strip(),
        received_on=received_on,
        purpose=(purpose or "").strip()[:120],
        recorded_by=acting_user,
    )
    entry.full_clean()
    entry.save()
    record_audit(
        event="custody-recorded", acting_user=acting_user, obj=evidence, extra={"entry": entry.pk}
    )
    return entry


# ---------------------------------------------------------------- suspects


def _matches_a_survivor(suspect: Suspect) -> bool:
    """Whether the suspect's CNIC or phone is a registered survivor's (any agency).

    Only a yes/no leaves the cases app: the investigator learns to consider non-punishment,
    not who the survivor is.
    """
    for value in (suspect.cnic, suspect.phone):
        if value and cases_queries.person_ids_by_identifier(value):
            return True
    return False


@action
def do_accuse_suspect(
    *,
    investigation: Investigation,
    acting_user: User,
    suspect: Suspect | None = None,
    possible_victim: bool = False,
    non_punishment_considered: bool = False,
    non_punishment_note: str = "",
    **suspect_fields,
) -> Accused:
    """Names a suspect (an existing record of this agency, or a new one) in the investigation.

    Non-punishment (PTPA s.6): a person who may be a victim compelled to act — marked so, or
    whose CNIC or phone is a registered survivor's — is recorded only when the investigator
    states that the principle was considered, and why they remain a suspect.
    """
    investigation = queries.access_investigation(
        acting_user, investigation.pk, "change", for_update=True
    )
    unknown = set(suspect_fields) - SUSPECT_FIELDS
    if unknown:
        raise ValidationError({k: _("Unknown field.") for k in sorted(unknown)})
    if suspect is not None:
        if suspect_fields:
            raise ValidationError(_("Give an existing suspect or a new one's details, not both."))
        suspect = queries.access_suspect(acting_user, suspect.pk, "change")
        if suspect.agency_id != investigation.agency_id:
            raise RecordNotFound
    else:
        suspect_fields.setdefault("kind", SuspectKind.PERSON)
        suspect_fields.setdefault("role", SuspectRole.OTHER)
        suspect = Suspect(agency=investigation.agency, created_by=acting_user, **suspect_fields)
        suspect.full_clean()
    survivor_match = suspect.kind == SuspectKind.PERSON and _matches_a_survivor(suspect)
    if possible_victim or survivor_match:
        if not non_punishment_considered or not (non_punishment_note or "").strip():
            raise ValidationError(
                {
                    "non_punishment_considered": _(
                        "This person may be a victim of trafficking (PTPA s.6: a victim is not "
                        "criminally liable for acts they were compelled to commit). Record that "
                        "the non-punishment principle was considered, and why they remain a suspect."
                    )
                }
            )
        possible_victim = True
    if suspect.pk and Accused.objects.filter(investigation=investigation, suspect=suspect).exists():
        raise ValidationError({"suspect": _("This suspect is already named in the investigation.")})
    if suspect.pk is None:
        suspect.save()
    accused = Accused.objects.create(
        investigation=investigation,
        suspect=suspect,
        possible_victim=possible_victim,
        non_punishment_considered=non_punishment_considered and possible_victim,
        non_punishment_note=(non_punishment_note or "").strip() if possible_victim else "",
        added_by=acting_user,
    )
    record_audit(
        event="suspect-accused",
        acting_user=acting_user,
        obj=investigation,
        extra={
            "suspect": suspect.pk,
            "possible_victim": possible_victim,
            "survivor_match": survivor_match,
        },
    )
    return accused


@action
def do_decide_suspect_link(
    *, suspect: Suspect, other: Suspect, decision: str, acting_user: User
) -> SuspectLinkDecision:
    """An investigator confirms or rejects that two suspect records are the same suspect.

    Both records must be within the user's scope: a match in another circle is shown only as
    "ask this circle", and that circle decides. Nothing is merged.
    """
    first = queries.access_suspect(acting_user, suspect.pk, "change", for_update=True)
    second = queries.access_suspect(acting_user, other.pk, "change", for_update=True)
    if decision not in LinkDecision.values:
        raise ValidationError({"decision": _("Unknown decision.")})
    if first.pk == second.pk:
        raise ValidationError({"other": _("A suspect cannot be linked to itself.")})
    basis = match_basis(first, second)
    if not basis:
        raise ValidationError({"other": _("These records share no identifier or name.")})
    if first.pk > second.pk:
        first, second = second, first
    link, _created = SuspectLinkDecision.objects.update_or_create(
        first=first,
        second=second,
        defaults={
            "decision": decision,
            "basis": basis,
            "decided_by": acting_user,
            "decided_on": timezone.now(),
        },
    )
    record_audit(
        event="suspect-link-decided",
        acting_user=acting_user,
        obj=first,
        extra={"other": second.pk, "decision": decision, "basis": basis},
    )
    return link


# ---------------------------------------------------------------- views of personal data


def log_personal_data_view(user, obj=None, *, object_type: str = "", listed_ids=None) -> None:
    """One audit row per page or answer that shows personal data."""
    if obj is not None:
        record_read(event="record-viewed", acting_user=user, obj=obj)
    else:
        record_read(
            event="record-listed",
            acting_user=user,
            object_type=object_type,
            extra={"ids": list(listed_ids or [])[:100], "count": len(listed_ids or [])},
        )
