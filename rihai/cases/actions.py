"""Every change to persons and cases: one public ``do_*`` action each (``rihai.core.actions``).

Each action is keyword-only and durable-atomic, re-checks the acting user's scope on the
record it changes through ``queries.lock_case`` / ``queries.lock_person`` (row locked with
``select_for_update``; another agency's record raises ``RecordNotFound``), validates, changes,
and writes its audit row, in that order. Steps shared by several actions live in ``steps.py``;
a combination of steps (register a person and open a case) is an action of its own.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound
from rihai.accounts.models import Agency, User
from rihai.audit.actions import record_audit
from rihai.audit.journal import record_read
from rihai.audit.models import AuditEvent
from rihai.core.actions import action
from rihai.core.notifications import notify

from . import duplicates, queries, steps, versions, workflow
from .consent_gate import require_disclosure_basis
from .htcds import export_case, from_htcds
from .identification import CURRENT_VERSION, evaluate
from .models import Case, CaseMember, Consent, Person, ScreeningAssessment, StatusChange
from .resources import Resource

# Kept importable under their old names for the demo and pages.
PERSON_FIELDS = steps.PERSON_FIELDS
CASE_FACT_FIELDS = steps.CASE_FACT_FIELDS
female_case_workers = steps.female_case_workers


# ---------------------------------------------------------------- persons


@action
def do_register_person(
    *, acting_user: User, duplicate_acknowledged: bool = False, **fields
) -> Person:
    """Registers a person at the user's agency (no case yet). A CNIC already registered is
    refused unless the user confirms a new record (``duplicate_acknowledged``)."""
    steps.require_grant(acting_user, "create", Resource.PERSON)
    return steps.register_person(
        acting_user=acting_user, fields=fields, duplicate_acknowledged=duplicate_acknowledged
    )


@action
def do_update_person(
    *,
    person: Person,
    acting_user: User,
    expected_version: int | None = None,
    duplicate_acknowledged: bool = False,
    **fields,
) -> Person:
    """Changes the named fields. With ``expected_version`` (the ETag or the form's hidden
    field) an edit made against an older version is refused (``versions.StaleVersion``)."""
    steps.require_grant(acting_user, "change", Resource.PERSON)
    steps.reject_unknown(fields, steps.PERSON_FIELDS)
    person = queries.lock_person(acting_user, person, "change")
    versions.check_version(person, expected_version)
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    if "cnic" in fields:
        duplicates.lock_identity(person.cnic)
        duplicates.refuse_unacknowledged_cnic(
            person.cnic, acknowledged=duplicate_acknowledged, exclude_id=person.pk
        )
    versions.bump(person)
    person.save()  # the row is locked and fresh: saving every field loses no one's change
    record_audit(
        event=AuditEvent.RECORD_CHANGED,
        acting_user=acting_user,
        obj=person,
        extra={"fields": sorted(fields), "version": person.version},
    )
    return person


@action
def do_merge_persons(
    *, survivor: Person, duplicate: Person, acting_user: User, take_from_duplicate=()
) -> Person:
    """Folds ``duplicate`` into ``survivor``: cases and consents move, both records stay.

    ``take_from_duplicate`` names the fields whose value the user chose from the duplicate
    (side by side on the merge page); the survivor takes them in the same transaction. The
    duplicate keeps its data and history and points to the survivor, so a mistaken merge can
    be traced and undone by hand. The user must be allowed to change both records.
    """
    take_from_duplicate = sorted(set(take_from_duplicate))
    steps.reject_unknown(take_from_duplicate, steps.PERSON_FIELDS)
    steps.require_grant(acting_user, "change", Resource.PERSON)
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("A record cannot be merged into itself."))
    # Both rows locked in id order: "A into B" and "B into A" at once queue on the same first
    # row, and the second then sees the first's merge and is refused — never a cycle.
    locked = {
        p.pk: queries.lock_person(acting_user, p, "change")
        for p in sorted((survivor, duplicate), key=lambda p: p.pk)
    }
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("A record cannot be merged into itself."))
    if duplicate.merged_into_id or survivor.merged_into_id:
        raise ValidationError(_("One of these records was already merged."))
    if take_from_duplicate:
        for name in take_from_duplicate:
            setattr(survivor, name, getattr(duplicate, name))
        survivor.full_clean()
        survivor.save()
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
        extra={
            "merged_person": duplicate.pk,
            "cases_moved": moved,
            "consents_moved": consents,
            "fields_taken": take_from_duplicate,
        },
    )
    return survivor


@action
def do_reveal_identifier(*, person: Person, field: str, acting_user: User) -> str:
    """Shows one full identifier of ``person`` once, to a holder of (identifiers, view), and
    writes the audit row that says who saw which identifier of whom."""
    from .masking import IDENTIFIER_FIELDS

    if field not in IDENTIFIER_FIELDS:
        raise ValidationError({"field": _("Unknown identifier.")})
    steps.require_grant(acting_user, "view", Resource.IDENTIFIERS)
    person = queries.lock_person(acting_user, person, "view")
    record_audit(
        event="identifier-revealed",
        acting_user=acting_user,
        obj=person,
        extra={"field": field},
    )
    return getattr(person, field)


# ---------------------------------------------------------------- cases


def _persons_for_case(acting_user, person, family) -> tuple[Person, list[tuple[Person, str]]]:
    person = queries.lock_person(acting_user, person, "view")
    members = [(queries.lock_person(acting_user, p, "view"), r) for p, r in family]
    return person, members


@action
def do_open_case(
    *,
    acting_user: User,
    person: Person,
    exploitation_types: list[str] = (),
    family: list[tuple[Person, str]] = (),
    assigned_to=None,
    assignment_note: str = "",
    **facts,
) -> Case:
    """Opens a case at the user's agency for a registered ``person`` (and family members)."""
    steps.require_grant(acting_user, "create")
    person, family = _persons_for_case(acting_user, person, family)
    return steps.open_case(
        acting_user=acting_user,
        person=person,
        exploitation_types=exploitation_types,
        family=family,
        assigned_to=assigned_to,
        assignment_note=assignment_note,
        **facts,
    )


@action
def do_register_person_and_open_case(
    *,
    acting_user: User,
    person_fields: dict,
    exploitation_types: list[str] = (),
    family: list[tuple[Person, str]] = (),
    assigned_to=None,
    assignment_note: str = "",
    duplicate_acknowledged: bool = False,
    **facts,
) -> Case:
    """Registers a new person and opens their case, all or nothing: a case that cannot open
    (a bad case worker, a bad fact) leaves no person and no audit row behind."""
    steps.require_grant(acting_user, "create", Resource.PERSON)
    steps.require_grant(acting_user, "create")
    if acting_user.agency is None:
        raise PermissionDenied
    family = [(queries.lock_person(acting_user, p, "view"), r) for p, r in family]
    # The lock order (docs/architecture.md): the new person's CNIC, then the agency's
    # counter, then the chain head, which registering the person takes for its audit row.
    if not duplicate_acknowledged:
        duplicates.lock_identity(person_fields.get("cnic", ""))
    reference = steps.next_reference(acting_user.agency)
    person = steps.register_person(
        acting_user=acting_user,
        fields=person_fields,
        duplicate_acknowledged=duplicate_acknowledged,
    )
    return steps.open_case(
        reference=reference,
        acting_user=acting_user,
        person=person,
        exploitation_types=exploitation_types,
        family=family,
        assigned_to=assigned_to,
        assignment_note=assignment_note,
        **facts,
    )


@action
def do_update_case_facts(
    *,
    case: Case,
    acting_user: User,
    exploitation_types: list[str] | None = None,
    expected_version: int | None = None,
    **facts,
) -> Case:
    """Changes the case's facts; a stale ``expected_version`` is refused (``versions``)."""
    steps.reject_unknown(facts, steps.CASE_FACT_FIELDS)
    case = queries.lock_case(acting_user, case, "change")
    versions.check_version(case, expected_version)
    versions.bump(case)
    for name, value in facts.items():
        setattr(case, name, value)
    primary = case.members.get(role="primary").person
    case.is_transnational = steps.derive_transnational(case, primary)
    case.full_clean()
    case.save(update_fields=[*facts, "is_transnational", "version", "modified_on"])
    if exploitation_types is not None:
        steps.set_exploitation_types(case, exploitation_types)
    record_audit(
        event=AuditEvent.RECORD_CHANGED,
        acting_user=acting_user,
        obj=case,
        extra={
            "fields": sorted(
                [*facts, *(["exploitation_types"] if exploitation_types is not None else [])]
            ),
            "version": case.version,
        },
    )
    return case


@action
def do_add_family_member(
    *, case: Case, person: Person, relation: str, acting_user: User
) -> CaseMember:
    case = queries.lock_case(acting_user, case, "change")
    person = queries.lock_person(acting_user, person, "view")
    return steps.add_family_member(
        case=case, person=person, relation=relation, acting_user=acting_user
    )


@action
def do_register_family_member(
    *,
    case: Case,
    person_fields: dict,
    relation: str,
    acting_user: User,
    duplicate_acknowledged: bool = False,
) -> CaseMember:
    """Registers a new person and adds them to ``case`` as family, all or nothing."""
    steps.require_grant(acting_user, "create", Resource.PERSON)
    case = queries.lock_case(acting_user, case, "change")
    person = steps.register_person(
        acting_user=acting_user,
        fields=person_fields,
        duplicate_acknowledged=duplicate_acknowledged,
    )
    return steps.add_family_member(
        case=case, person=person, relation=relation, acting_user=acting_user
    )


@action
def do_reassign_case(*, case: Case, assigned_to, acting_user: User, note: str = "") -> Case:
    case = queries.lock_case(acting_user, case, "change")
    primary = case.members.get(role="primary").person
    worker, note = steps.choose_case_worker(
        agency=case.agency,
        person=primary,
        acting_user=acting_user,
        assigned_to=assigned_to,
        note=note,
    )
    if worker is None:
        raise ValidationError({"assigned_to": _("Choose a case worker of this agency.")})
    case.assigned_to, case.assignment_note = worker, note
    case.save(update_fields=["assigned_to", "assignment_note", "modified_on"])
    record_audit(
        event=AuditEvent.RECORD_CHANGED,
        acting_user=acting_user,
        obj=case,
        extra={"assigned_to": worker.pk},
    )
    return case


@action
def do_set_case_restriction(
    *, case: Case, restriction: str, allowed_users=(), acting_user: User
) -> Case:
    """Limits ``case`` to the named users (and the agency's supervisors), or clears the limit
    (``restriction=""``). A supervisor's decision: needs (case, approve) over the case."""
    from .choices import RestrictionReason

    case = queries.lock_case(acting_user, case, "approve")
    if restriction and restriction not in RestrictionReason.values:
        raise ValidationError({"restriction": _("Choose why the case is restricted.")})
    named = []
    for user in allowed_users if restriction else ():
        member = User.objects.filter(
            pk=getattr(user, "pk", user), agency=case.agency, is_active=True
        ).first()
        if member is None:  # one error for another agency's user and no such user
            raise ValidationError({"allowed_users": _("Name users of this agency only.")})
        named.append(member)
    case.restriction = restriction
    case.save(update_fields=["restriction", "modified_on"])
    case.restricted_to.set(named)
    record_audit(
        event="case-restriction-set",
        acting_user=acting_user,
        obj=case,
        extra={"restriction": restriction, "allowed_users": sorted(u.pk for u in named)},
    )
    return case


# ---------------------------------------------------------------- the workflow (workflow.py)


@action
def do_request_status_change(
    *, case: Case, to_status: str, reason: str = "", acting_user: User
) -> StatusChange:
    """Moves the case, or — into a decided state (identified, not a victim, closed) — asks a
    second person to approve, whoever the requester is."""
    case = queries.lock_case(acting_user, case, "change")
    move = workflow.transition(case.status, to_status)
    if move.needs_reason and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this decision.")})
    change = StatusChange(
        case=case,
        from_status=case.status,
        to_status=to_status,
        reason=reason.strip(),
        requested_by=acting_user,
    )
    if not move.needs_second_person:
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
        workflow.apply(case, change)
    record_audit(
        event=AuditEvent.STATUS_CHANGED
        if change.decision == "approved"
        else AuditEvent.DECISION_RECORDED,
        acting_user=acting_user,
        obj=case,
        extra={"from": change.from_status, "to": to_status, "decision": change.decision},
    )
    return change


@action
def do_decide_status_change(
    *, change: StatusChange, approve: bool, acting_user: User, reason: str = ""
) -> StatusChange:
    """Approves or rejects a request: a supervisor of the case's agency other than the
    requester, or — where the agency has no other — a supervisor of the same province
    (``queries.lock_change_for_decision``). A rejection needs its reason; the requester is
    notified either way."""
    change = queries.lock_change_for_decision(acting_user, change)
    if change.decision != StatusChange.Decision.PENDING:
        raise ValidationError(_("This request was already decided."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for rejecting this request.")})
    workflow.check_decider(change, acting_user)
    case = Case.objects.select_for_update().get(pk=change.case_id)
    if case.status != change.from_status:
        raise ValidationError(_("The case has moved on since this request; ask again."))
    change.decision = StatusChange.Decision.APPROVED if approve else StatusChange.Decision.REJECTED
    change.decided_by, change.decided_on = acting_user, timezone.now()
    change.decision_reason = reason.strip()
    change.save(update_fields=["decision", "decided_by", "decided_on", "decision_reason"])
    if approve:
        workflow.apply(case, change)
    notify(
        recipient=change.requested_by,
        kind="status-approved" if approve else "status-rejected",
        obj=case,
    )
    record_audit(
        event=AuditEvent.STATUS_CHANGED if approve else AuditEvent.DECISION_RECORDED,
        acting_user=acting_user,
        obj=case,
        agency_id=acting_user.agency_id,
        extra={
            "from": change.from_status,
            "to": change.to_status,
            "decision": change.decision,
            "change": change.pk,
            "other_agency": acting_user.agency_id != case.agency_id,
        },
    )
    return change


# ---------------------------------------------------------------- screening and consent


@action
def do_record_screening(
    *,
    case: Case,
    person: Person,
    answers: dict,
    acting_user: User,
    version: str = CURRENT_VERSION,
    exploitation_kind: str = "labour",
) -> ScreeningAssessment:
    """Stores the answers and the engine's recommendation; the status is a person's decision."""
    steps.require_grant(acting_user, "create", Resource.SCREENING)
    case = queries.lock_case(acting_user, case, "change")
    if not CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": _("This person is not in the case.")})
    person = Person.objects.get(pk=person.pk)
    # An unknown age is screened as a child's: the safer reading (PTPA s.7).
    is_child = person.age is None or person.is_child
    result = evaluate(answers, is_child=is_child, version=version)
    # No answer at all is not "indicators insufficient": nobody asked. A page sends every
    # question as "no" only when the worker says the person described none of them.
    if not answers:
        raise ValidationError(
            _("The interview is empty: answer the questions, or say that none applies.")
        )
    # No answer at all is not "indicators insufficient": nobody asked. A page sends every
    # question as "no" only when the worker says the person described none of them.
    if not answers:
        raise ValidationError(
            _("The interview is empty: answer the questions, or say that none applies.")
        )
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


@action
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
    steps.require_grant(acting_user, "create", Resource.CONSENT)
    case = queries.lock_case(acting_user, case, "change")
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


@action
def do_revoke_consent(*, consent: Consent, acting_user: User) -> Consent:
    steps.require_grant(acting_user, "change", Resource.CONSENT)
    case = queries.lock_case(acting_user, consent.case_id, "change")
    consent = Consent.objects.select_for_update().filter(pk=consent.pk, case=case).first()
    if consent is None:
        raise RecordNotFound
    if consent.revoked_on:
        raise ValidationError(_("This consent was already revoked."))
    consent.revoked_on, consent.revoked_by = timezone.now(), acting_user
    consent.save(update_fields=["revoked_on", "revoked_by"])
    record_audit(
        event=AuditEvent.CONSENT_REVOKED,
        acting_user=acting_user,
        obj=case,
        extra={"consent": consent.pk},
    )
    return consent


def log_personal_data_view(user: User, obj, *, listed_ids: list[int] | None = None) -> None:
    """Every view of personal data leaves an audit row: one per detail, one per page of a list."""
    if listed_ids is not None:
        record_read(
            event=AuditEvent.RECORD_LISTED,
            acting_user=user,
            object_type=obj,
            extra={"ids": listed_ids[:100], "count": len(listed_ids)},
        )
    else:
        record_read(event=AuditEvent.RECORD_VIEWED, acting_user=user, obj=obj)


# ---------------------------------------------------------------- HTCDS exchange


@action
def do_export_htcds_case(
    *,
    case: Case,
    acting_user: User,
    purpose: str,
    recipient: Agency | None = None,
    legal_basis: str = "",
    legal_reference: str = "",
    override_reason: str = "",
) -> dict:
    """The case as an HTCDS 2.0 document for ``purpose`` (and ``recipient``, if an agency).

    Every person in it passes the consent gate (consent for exactly that recipient and
    purpose, a legal basis, or a supervisor's override); the document carries only the fields
    the purpose needs (``consent_gate.PURPOSE_FIELDS``). All persons pass or nothing leaves.
    """
    case = queries.lock_case(acting_user, case, "export")
    bases = {}
    for member in case.members.select_related("person").order_by("id"):
        bases[member.person_id] = require_disclosure_basis(
            case=case,
            person=member.person,
            recipient=recipient,
            purpose=purpose,
            acting_user=acting_user,
            legal_basis=legal_basis,
            legal_reference=legal_reference,
            override_reason=override_reason,
        )
    document = export_case(case, purpose=purpose, bases=bases)
    record_audit(
        event=AuditEvent.RECORD_EXPORTED,
        acting_user=acting_user,
        obj=case,
        extra={
            "format": "htcds-2.0",
            "purpose": purpose,
            "recipient": recipient.pk if recipient is not None else None,
            "persons": sorted(bases),
            "kinds": sorted({b.kind for b in bases.values()}),
        },
    )
    return document


@action
def do_import_htcds_case(*, document: dict, acting_user: User) -> Case:
    """Registers the document's persons and opens a case for them at the user's agency.

    The case starts in screening whatever its status elsewhere: identification is this agency's
    decision (with a second person's approval). The source reference and status are kept in
    the audit row. Persons are registered anew; the duplicate check then offers merges. All or
    nothing: any invalid field rolls the whole import back.
    """
    steps.require_grant(acting_user, "create")
    steps.require_grant(acting_user, "create", Resource.PERSON)
    data = from_htcds(document)
    if acting_user.agency is None:
        raise PermissionDenied
    # The counter before the chain head, which each registration below takes (lock order).
    reference = steps.next_reference(acting_user.agency)
    errors = {}
    people = []
    for path, fields in [("persons[primary]", data["primary"])] + [
        (f"persons[family {i}]", f) for i, (f, _r) in enumerate(data["family"])
    ]:
        try:
            with transaction.atomic():  # a savepoint: keep collecting errors after one fails
                # Persons are registered anew by design (the duplicate check then offers
                # merges): importing the document is the user's explicit decision.
                people.append(
                    steps.register_person(
                        acting_user=acting_user, fields=fields, duplicate_acknowledged=True
                    )
                )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[f"{path}.{name}"] = messages
    if errors:
        raise ValidationError(errors)
    primary, members = people[0], people[1:]
    family = [(p, relation) for p, (_f, relation) in zip(members, data["family"], strict=True)]
    case = steps.open_case(
        reference=reference,
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


# The case list's actions live in their own module; imported here so that the action
# registry (rihai.core.actions.registered_actions) finds them with the others.
from .list_actions import (  # noqa: E402, F401
    do_delete_search,
    do_export_case_list,
    do_save_list_columns,
    do_save_search,
)
