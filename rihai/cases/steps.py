"""Private steps shared by the cases actions. Nothing here opens a transaction, checks scope
or writes an audit row on its own: the public ``do_*`` action that calls a step does."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.models import Agency, Sex, User
from rihai.accounts.queries import users_who_can_hold_cases
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent

from .choices import ExploitationType, MemberRole, PersonSex
from .models import Case, CaseExploitation, CaseMember, Person
from .resources import Resource

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


def require_grant(user, action: str, resource=Resource.CASE) -> None:
    if not user.can(resource, action):
        raise PermissionDenied


def reject_unknown(fields, known) -> None:
    unknown = set(fields) - set(known)
    if unknown:
        raise ValidationError({k: _("Unknown field.") for k in unknown})


def register_person(*, acting_user: User, fields: dict) -> Person:
    reject_unknown(fields, PERSON_FIELDS)
    person = Person(agency=acting_user.agency, created_by=acting_user, **fields)
    person.full_clean()
    person.save()
    record_audit(event=AuditEvent.RECORD_CREATED, acting_user=acting_user, obj=person)
    return person


def next_reference(agency: Agency) -> str:
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


def case_workers(agency: Agency):
    """Active users of ``agency`` whose role may change cases: who can hold one."""
    return users_who_can_hold_cases(agency)


def female_case_workers(agency: Agency):
    return case_workers(agency).filter(sex=Sex.FEMALE)


def case_worker_of(agency: Agency, assigned_to) -> User | None:
    """The case worker named by ``assigned_to`` (a user or an id), if they can hold a case of
    ``agency``. One error for "no such user", "another agency's user" and "cannot hold a
    case", so the answer reveals nothing about other agencies' staff."""
    if assigned_to in (None, ""):
        return None
    user_id = getattr(assigned_to, "pk", assigned_to)
    try:
        worker = case_workers(agency).filter(pk=int(user_id)).first()
    except (TypeError, ValueError, OverflowError):
        worker = None
    if worker is None:
        raise ValidationError({"assigned_to": _("Choose a case worker of this agency.")})
    return worker


def choose_case_worker(*, agency, person: Person, acting_user: User, assigned_to, note: str):
    """Gender-sensitive assignment: a female survivor's case goes to a female case worker where
    the agency has one, unless a supervisor records why not."""
    assigned_to = case_worker_of(agency, assigned_to)
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


def set_exploitation_types(case: Case, types: list[str]) -> None:
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


def derive_transnational(case: Case, person: Person) -> bool:
    return (
        case.destination_country != "PK"
        or bool([c for c in case.route if c != "PK"])
        or person.nationality != "PK"
    )


def open_case(
    *,
    acting_user: User,
    person: Person,
    exploitation_types=(),
    family=(),
    assigned_to=None,
    assignment_note: str = "",
    **facts,
) -> Case:
    """Opens a case at the user's agency, in screening. ``person`` and ``family`` are already
    checked (or newly registered) by the calling action."""
    reject_unknown(facts, CASE_FACT_FIELDS)
    agency = acting_user.agency
    if agency is None:
        raise PermissionDenied
    worker, note = choose_case_worker(
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
    case.is_transnational = derive_transnational(case, person)
    case.reference = next_reference(agency)
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
    set_exploitation_types(case, list(exploitation_types))
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


def add_family_member(*, case: Case, person: Person, relation: str, acting_user) -> CaseMember:
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
