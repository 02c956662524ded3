"""Opening a case (with or without registering its person), its facts, family, assignment and
restriction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from rihai.accounts.models import User
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.core.actions import action

from .. import duplicates, queries, steps, versions
from ..models import Case, CaseMember, Person
from ..resources import Resource


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
    from ..choices import RestrictionReason

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
