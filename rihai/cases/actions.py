"""Every change to persons and cases: one ``do_*`` function each, atomic, with its audit row."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.models import Agency, Sex, User
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent

from .choices import (
    NEEDS_APPROVAL,
    NEEDS_REASON,
    TRANSITIONS,
    CaseStatus,
    ExploitationType,
    MemberRole,
    PersonSex,
)
from .models import (
    Case,
    CaseExploitation,
    CaseMember,
    Consent,
    Person,
    ScreeningAssessment,
    StatusChange,
)
from .resources import Resource
from .screening import CURRENT_VERSION, evaluate

PERSON_FIELDS = frozenset(Person.EDITABLE_FIELDS)
CASE_FACT_FIELDS = {
    "province",
    "district",
    "means_of_control",
    "recruiter_relation",
    "recruitment_channel",
    "destination_country",
    "route",
    "exploitation_start",
    "summary",
}


def _require(user, action: str, resource=Resource.CASE) -> None:
    if not user.can(resource, action):
        raise PermissionDenied


# ---------------------------------------------------------------- persons


@transaction.atomic
def do_register_person(*, acting_user: User, **fields) -> Person:
    _require(acting_user, "create", Resource.PERSON)
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise ValidationError({k: _("Unknown field.") for k in unknown})
    person = Person(agency=acting_user.agency, created_by=acting_user, **fields)
    person.full_clean()
    person.save()
    record_audit(event=AuditEvent.RECORD_CREATED, acting_user=acting_user, obj=person)
    return person


@transaction.atomic
def do_update_person(person: Person, *, acting_user: User, **fields) -> Person:
    _require(acting_user, "change", Resource.PERSON)
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise ValidationError({k: _("Unknown field.") for k in unknown})
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    record_audit(
        event=AuditEvent.RECORD_CHANGED,
        acting_user=acting_user,
        obj=person,
        extra={"fields": sorted(fields)},
    )
    return person


@transaction.atomic
def do_merge_persons(*, survivor: Person, duplicate: Person, acting_user: User) -> Person:
    """Folds ``duplicate`` into ``survivor``: cases and consents move, both records stay.

    The duplicate keeps its data and history and points to the survivor, so a mistaken merge
    can be traced and undone by hand.
    """
    _require(acting_user, "change", Resource.PERSON)
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("A record cannot be merged into itself."))
    if duplicate.merged_into_id or survivor.merged_into_id:
        raise ValidationError(_("One of these records was already merged."))
    moved = 0
    for membership in CaseMember.objects.select_for_update().filter(person=duplicate):
        if CaseMember.objects.filter(case=membership.case, person=survivor).exists():
            continue  # both records were in the same case: the survivor's membership stands
        membership.person = survivor
        membership.save(update_fields=["person"])
        moved += 1
    consents = Consent.objects.filter(person=duplicate).update(person=survivor)
    duplicate.merged_into = survivor
    duplicate.save(update_fields=["merged_into"])
    record_audit(
        event=AuditEvent.RECORD_MERGED,
        acting_user=acting_user,
        obj=survivor,
        extra={"merged_person": duplicate.pk, "cases_moved": moved, "consents_moved": consents},
    )
    return survivor


# ---------------------------------------------------------------- cases


def _next_reference(agency: Agency) -> str:
    # The agency row is the lock: two cases opened at once still get different numbers.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    year = timezone.localdate().year
    prefix = f"{agency.code.upper()}-{year}-"
    last = (
        Case.objects.filter(agency=agency, reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def female_case_workers(agency: Agency):
    return User.objects.filter(
        agency=agency,
        is_active=True,
        sex=Sex.FEMALE,
        role__grants__resource=Resource.CASE,
        role__grants__action="change",
    ).distinct()


def _choose_case_worker(*, agency, person: Person, acting_user: User, assigned_to, note: str):
    """Gender-sensitive assignment: a female survivor's case goes to a female case worker where
    the agency has one, unless a supervisor records why not."""
    if assigned_to is not None and assigned_to.agency_id != agency.pk:
        raise ValidationError({"assigned_to": _("The case worker must belong to the agency.")})
    if person.sex != PersonSex.FEMALE:
        return assigned_to or acting_user, ""
    women = female_case_workers(agency)
    if not women.exists():
        return assigned_to or acting_user, ""
    if assigned_to is None:
        if acting_user.sex == Sex.FEMALE and women.filter(pk=acting_user.pk).exists():
            return acting_user, ""
        return women.order_by("id").first(), ""
    if assigned_to.sex == Sex.FEMALE:
        return assigned_to, ""
    if not note.strip():
        raise ValidationError(
            {
                "assigned_to": _(
                    "This survivor is female and the agency has female case workers: assign one, or a "
                    "supervisor must record why not."
                )
            }
        )
    if not acting_user.can(Resource.CASE, "approve"):
        raise ValidationError(
            {
                "assignment_note": _(
                    "Only a supervisor may assign a female survivor's case to a male case worker."
                )
            }
        )
    return assigned_to, note.strip()


def _set_exploitation_types(case: Case, types: list[str]) -> None:
    bad = [t for t in types if t not in ExploitationType.values]
    if bad:
        raise ValidationError(
            {"exploitation_types": _("Unknown exploitation type: %(t)s") % {"t": ", ".join(bad)}}
        )
    CaseExploitation.objects.filter(case=case).exclude(exploitation_type__in=types).delete()
    existing = set(
        CaseExploitation.objects.filter(case=case).values_list("exploitation_type", flat=True)
    )
    CaseExploitation.objects.bulk_create(
        [
            CaseExploitation(case=case, exploitation_type=t)
            for t in dict.fromkeys(types)
            if t not in existing
        ]
    )


def _derive_transnational(case: Case, person: Person) -> bool:
    return (
        case.destination_country != "PK"
        or bool([c for c in case.route if c != "PK"])
        or person.nationality != "PK"
    )


@transaction.atomic
def do_open_case(
    *,
    acting_user: User,
    person: Person,
    exploitation_types: list[str] = (),
    family: list[tuple[Person, str]] = (),
    assigned_to: User | None = None,
    assignment_note: str = "",
    **facts,
) -> Case:
    """Opens a case at the user's agency for ``person`` (and family members), in screening."""
    _require(acting_user, "create")
    unknown = set(facts) - CASE_FACT_FIELDS
    if unknown:
        raise ValidationError({k: _("Unknown field.") for k in unknown})
    agency = acting_user.agency
    if agency is None:
        raise PermissionDenied
    worker, note = _choose_case_worker(
        agency=agency,
        person=person,
        acting_user=acting_user,
        assigned_to=assigned_to,
        note=assignment_note,
    )
    case = Case(
        agency=agency, created_by=acting_user, assigned_to=worker, assignment_note=note, **facts
    )
    if not case.province_id:
        case.province_id = person.province_id or agency.province_id
    case.is_transnational = _derive_transnational(case, person)
    case.reference = _next_reference(agency)
    case.full_clean()
    case.save()
    CaseMember.objects.create(case=case, person=person, role=MemberRole.PRIMARY)
    for member, relation in family:
        if member.pk == person.pk:
            raise ValidationError(
                {"family": _("The primary survivor cannot also be a family member.")}
            )
        CaseMember.objects.create(
            case=case, person=member, role=MemberRole.FAMILY, relation_to_primary=relation[:40]
        )
    _set_exploitation_types(case, list(exploitation_types))
    record_audit(
        event=AuditEvent.RECORD_CREATED,
        acting_user=acting_user,
        obj=case,
        extra={
            "person": person.pk,
            "family": [m.pk for m, _r in family],
            "assigned_to": worker.pk if worker else None,
        },
    )
    return case


@transaction.atomic
def do_update_case_facts(
    case: Case, *, acting_user: User, exploitation_types: list[str] | None = None, **facts
) -> Case:
    _require(acting_user, "change")
    unknown = set(facts) - CASE_FACT_FIELDS
    if unknown:
        raise ValidationError({k: _("Unknown field.") for k in unknown})
    for name, value in facts.items():
        setattr(case, name, value)
    primary = case.members.get(role=MemberRole.PRIMARY).person
    case.is_transnational = _derive_transnational(case, primary)
    case.full_clean()
    case.save(update_fields=[*facts, "is_transnational", "modified_on"])
    if exploitation_types is not None:
        _set_exploitation_types(case, exploitation_types)
    record_audit(
        event=AuditEvent.RECORD_CHANGED,
        acting_user=acting_user,
        obj=case,
        extra={
            "fields": sorted(
                [*facts, *(["exploitation_types"] if exploitation_types is not None else [])]
            )
        },
    )
    return case


@transaction.atomic
def do_add_family_member(
    case: Case, *, person: Person, relation: str, acting_user: User
) -> CaseMember:
    _require(acting_user, "change")
    if CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": _("This person is already in the case.")})
    member = CaseMember.objects.create(
        case=case, person=person, role=MemberRole.FAMILY, relation_to_primary=relation[:40]
    )
    record_audit(
        event=AuditEvent.RECORD_CHANGED,
        acting_user=acting_user,
        obj=case,
        extra={"added_person": person.pk},
    )
    return member


@transaction.atomic
def do_reassign_case(case: Case, *, assigned_to: User, acting_user: User, note: str = "") -> Case:
    _require(acting_user, "change")
    primary = case.members.get(role=MemberRole.PRIMARY).person
    worker, note = _choose_case_worker(
        agency=case.agency,
        person=primary,
        acting_user=acting_user,
        assigned_to=assigned_to,
        note=note,
    )
    case.assigned_to, case.assignment_note = worker, note
    case.save(update_fields=["assigned_to", "assignment_note", "modified_on"])
    record_audit(
        event=AuditEvent.RECORD_CHANGED,
        acting_user=acting_user,
        obj=case,
        extra={"assigned_to": worker.pk},
    )
    return case


def _apply_status(case: Case, change: StatusChange) -> None:
    case.status = change.to_status
    case.status_reason = change.reason
    fields = ["status", "status_reason", "modified_on"]
    today = timezone.localdate()
    if change.to_status == CaseStatus.IDENTIFIED:
        case.identified_on = today
        fields.append("identified_on")
    if change.to_status == CaseStatus.CLOSED:
        case.closed_on = today
        fields.append("closed_on")
    if change.from_status == CaseStatus.CLOSED:  # reopened
        case.closed_on = None
        fields.append("closed_on")
    case.save(update_fields=fields)


@transaction.atomic
def do_request_status_change(
    case: Case, *, to_status: str, reason: str = "", acting_user: User
) -> StatusChange:
    """Moves the case, or — for identification and closure by a non-supervisor — asks for approval."""
    _require(acting_user, "change")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if to_status not in TRANSITIONS.get(case.status, set()):
        raise ValidationError(
            {
                "to_status": _("A case cannot move from “%(a)s” to “%(b)s”.")
                % {
                    "a": CaseStatus(case.status).label,
                    "b": CaseStatus(to_status).label
                    if to_status in CaseStatus.values
                    else to_status,
                }
            }
        )
    if to_status in NEEDS_REASON and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this decision.")})
    change = StatusChange(
        case=case,
        from_status=case.status,
        to_status=to_status,
        reason=reason.strip(),
        requested_by=acting_user,
    )
    supervisor = acting_user.can(Resource.CASE, "approve")
    if to_status not in NEEDS_APPROVAL or supervisor:
        change.decision, change.decided_by, change.decided_on = (
            StatusChange.Decision.APPROVED,
            acting_user,
            timezone.now(),
        )
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError:
        raise ValidationError(
            {"to_status": _("A change of status is already waiting for approval.")}
        ) from None
    if change.decision == StatusChange.Decision.APPROVED:
        _apply_status(case, change)
    record_audit(
        event=AuditEvent.STATUS_CHANGED
        if change.decision == "approved"
        else AuditEvent.DECISION_RECORDED,
        acting_user=acting_user,
        obj=case,
        extra={"from": change.from_status, "to": to_status, "decision": change.decision},
    )
    return change


@transaction.atomic
def do_decide_status_change(
    change: StatusChange, *, approve: bool, acting_user: User
) -> StatusChange:
    _require(acting_user, "approve")
    change = StatusChange.objects.select_for_update().select_related("case").get(pk=change.pk)
    if change.decision != StatusChange.Decision.PENDING:
        raise ValidationError(_("This request was already decided."))
    if change.requested_by_id == acting_user.pk:
        raise ValidationError(_("A request must be approved by someone other than who made it."))
    if change.case.status != change.from_status:
        raise ValidationError(_("The case has moved on since this request; ask again."))
    change.decision = StatusChange.Decision.APPROVED if approve else StatusChange.Decision.REJECTED
    change.decided_by, change.decided_on = acting_user, timezone.now()
    change.save(update_fields=["decision", "decided_by", "decided_on"])
    if approve:
        _apply_status(change.case, change)
    record_audit(
        event=AuditEvent.STATUS_CHANGED if approve else AuditEvent.DECISION_RECORDED,
        acting_user=acting_user,
        obj=change.case,
        extra={"from": change.from_status, "to": change.to_status, "decision": change.decision},
    )
    return change


# ---------------------------------------------------------------- screening and consent


@transaction.atomic
def do_record_screening(
    case: Case,
    *,
    person: Person,
    answers: dict,
    acting_user: User,
    version: str = CURRENT_VERSION,
    exploitation_kind: str = "labour",
) -> ScreeningAssessment:
    """Stores the answers and the engine's recommendation; the status is a person's decision."""
    _require(acting_user, "create", Resource.SCREENING)
    if not CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": _("This person is not in the case.")})
    # An unknown age is screened as a child's: the safer reading (PTPA s.7).
    is_child = person.age is None or person.is_child
    result = evaluate(answers, is_child=is_child, version=version)
    assessment = ScreeningAssessment.objects.create(
        case=case,
        person=person,
        rules_version=version,
        is_child=is_child,
        exploitation_kind=exploitation_kind,
        answers={
            k: bool(v) for k, v in answers.items() if v in (True, "yes", "true", "1", 1, "on")
        },
        result=result,
        recommendation=result["recommendation"],
        recorded_by=acting_user,
    )
    record_audit(
        event=AuditEvent.SCREENING_RECORDED,
        acting_user=acting_user,
        obj=case,
        extra={
            "assessment": assessment.pk,
            "recommendation": assessment.recommendation,
            "rules": version,
        },
    )
    return assessment


@transaction.atomic
def do_record_consent(
    *,
    case: Case,
    person: Person,
    recipient: Agency,
    purpose: str,
    acting_user: User,
    expires_on=None,
    given_by_guardian: bool = False,
    guardian_name: str = "",
) -> Consent:
    _require(acting_user, "create", Resource.CONSENT)
    if not CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": _("This person is not in the case.")})
    consent = Consent(
        case=case,
        person=person,
        recipient=recipient,
        purpose=purpose,
        expires_on=expires_on,
        given_by_guardian=given_by_guardian,
        guardian_name=guardian_name,
        recorded_by=acting_user,
    )
    consent.full_clean()
    consent.save()
    record_audit(
        event=AuditEvent.CONSENT_RECORDED,
        acting_user=acting_user,
        obj=case,
        extra={"consent": consent.pk, "recipient": recipient.pk, "purpose": purpose},
    )
    return consent


@transaction.atomic
def do_revoke_consent(consent: Consent, *, acting_user: User) -> Consent:
    _require(acting_user, "change", Resource.CONSENT)
    if consent.revoked_on:
        raise ValidationError(_("This consent was already revoked."))
    consent.revoked_on, consent.revoked_by = timezone.now(), acting_user
    consent.save(update_fields=["revoked_on", "revoked_by"])
    record_audit(
        event=AuditEvent.CONSENT_REVOKED,
        acting_user=acting_user,
        obj=consent.case,
        extra={"consent": consent.pk},
    )
    return consent


def log_personal_data_view(user: User, obj, *, listed_ids: list[int] | None = None) -> None:
    """Every view of personal data leaves an audit row: one per detail, one per page of a list."""
    if listed_ids is not None:
        record_audit(
            event=AuditEvent.RECORD_LISTED,
            acting_user=user,
            object_type=obj,
            extra={"ids": listed_ids[:100], "count": len(listed_ids)},
        )
    else:
        record_audit(event=AuditEvent.RECORD_VIEWED, acting_user=user, obj=obj)


# ---------------------------------------------------------------- HTCDS exchange


@transaction.atomic
def do_export_htcds_case(case: Case, *, acting_user: User) -> dict:
    """The case as an HTCDS 2.0 document; personal data leaves the system, so it is audited."""
    from .htcds import to_htcds

    _require(acting_user, "export")
    consented = set(
        Consent.objects.in_force().filter(case=case).values_list("person_id", flat=True)
    )
    document = to_htcds(case, consented_person_ids=consented)
    record_audit(
        event=AuditEvent.RECORD_EXPORTED,
        acting_user=acting_user,
        obj=case,
        extra={"format": "htcds-2.0", "persons": [m.person_id for m in case.members.all()]},
    )
    return document


@transaction.atomic
def do_import_htcds_case(*, document: dict, acting_user: User) -> Case:
    """Registers the document's persons and opens a case for them at the user's agency.

    The case starts in screening whatever its status elsewhere: identification is this agency's
    decision (with its supervisor's approval). The source reference and status are kept in the
    audit row. Persons are registered anew; the duplicate check then offers merges. All or
    nothing: any invalid field rolls the whole import back.
    """
    from .htcds import from_htcds

    _require(acting_user, "create")
    _require(acting_user, "create", Resource.PERSON)
    data = from_htcds(document)
    errors = {}
    people = []
    for path, fields in [("persons[primary]", data["primary"])] + [
        (f"persons[family {i}]", f) for i, (f, _r) in enumerate(data["family"])
    ]:
        try:
            people.append(do_register_person(acting_user=acting_user, **fields))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[f"{path}.{name}"] = messages
    if errors:
        raise ValidationError(errors)
    primary, members = people[0], people[1:]
    family = [(p, relation) for p, (_f, relation) in zip(members, data["family"], strict=True)]
    case = do_open_case(
        acting_user=acting_user,
        person=primary,
        family=family,
        exploitation_types=data["exploitation_types"],
        **data["facts"],
    )
    record_audit(
        event=AuditEvent.RECORD_IMPORTED,
        acting_user=acting_user,
        obj=case,
        extra={
            "format": "htcds-2.0",
            "source_reference": data["source"]["reference"],
            "source_status": data["source"]["status"],
            "source_agency": data["source"]["agency"],
            "persons": [p.pk for p in people],
        },
    )
    return case
